import type { TrainTask } from '../../references';
import { InvalidInputError } from '../executor';
import { numericCell, type Table } from './tabular-table';

export const MIN_TRAINING_ROWS = 10;
export const MAX_CLASSES = 100;

/** Every `VALIDATION_EVERY`-th row (the 5th, 10th, …) is held out for validation. */
export const VALIDATION_EVERY = 5;

/** A table split into numeric features and a target, ready for training. */
export interface TrainingSet {
  readonly task: TrainTask;
  readonly featureNames: readonly string[];
  readonly targetName: string;
  /** Row-major, `rows × featureNames.length`, as given (not standardised). */
  readonly features: Float64Array;
  readonly rows: number;
  /** Class index per row (classification) or the target value (regression). */
  readonly targets: Float64Array;
  /** Sorted class labels (classification); null for regression. */
  readonly classes: readonly string[] | null;
}

/**
 * Picks the target column (`label`, else `target`, else the last column); every other column is a
 * numeric feature. Classification labels are text (numbers as JS prints them) and the classes are
 * sorted numerically when all labels are numbers, else by code unit.
 */
export function buildTrainingSet(table: Table, task: TrainTask): TrainingSet {
  const targetIndex = targetColumnIndex(table.columns);
  const targetName = table.columns[targetIndex] ?? '';
  const featureIndexes = table.columns.map((_, i) => i).filter((i) => i !== targetIndex);
  if (featureIndexes.length === 0) {
    throw new InvalidInputError('table needs at least one feature column besides the target');
  }
  if (table.rows.length < MIN_TRAINING_ROWS) {
    throw new InvalidInputError(`training needs at least ${MIN_TRAINING_ROWS} rows`);
  }
  const featureNames = featureIndexes.map((i) => table.columns[i] ?? '');
  const features = new Float64Array(table.rows.length * featureIndexes.length);
  table.rows.forEach((row, r) =>
    featureIndexes.forEach((column, f) => {
      features[r * featureIndexes.length + f] = numericCell(row[column], r, featureNames[f] ?? '');
    }),
  );
  const targetCells = table.rows.map((row) => row[targetIndex]);
  const base = { task, featureNames, targetName, features, rows: table.rows.length };
  if (task === 'tabular-regression') {
    const targets = Float64Array.from(targetCells, (cell, r) => numericCell(cell, r, targetName));
    return { ...base, targets, classes: null };
  }
  const labels = targetCells.map((cell, r) => classLabel(cell, r, targetName));
  const classes = sortClasses([...new Set(labels)]);
  if (classes.length < 2 || classes.length > MAX_CLASSES) {
    throw new InvalidInputError(
      `classification needs 2 to ${MAX_CLASSES} classes; the target column has ${classes.length}`,
    );
  }
  const classIndex = new Map(classes.map((label, i) => [label, i]));
  return { ...base, targets: Float64Array.from(labels, (l) => classIndex.get(l) ?? -1), classes };
}

export function isValidationRow(row: number): boolean {
  return row % VALIDATION_EVERY === VALIDATION_EVERY - 1;
}

function targetColumnIndex(columns: readonly string[]): number {
  for (const name of ['label', 'target']) {
    const index = columns.indexOf(name);
    if (index >= 0) {
      return index;
    }
  }
  return columns.length - 1;
}

function classLabel(cell: string | number | undefined, row: number, column: string): string {
  const label = typeof cell === 'number' ? String(cell) : (cell ?? '').trim();
  if (label === '') {
    throw new InvalidInputError(`row ${row + 1}, column ${JSON.stringify(column)}: empty label`);
  }
  return label;
}

function sortClasses(labels: string[]): string[] {
  const allNumeric = labels.every((label) => Number.isFinite(Number(label)));
  return allNumeric
    ? labels.sort((a, b) => Number(a) - Number(b) || (a < b ? -1 : a > b ? 1 : 0))
    : labels.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}
