import { Tensor } from 'onnxruntime-node';
import { InvalidInputError } from '../executor';
import { argmax } from '../train/argmax';
import { TRAINED_MODEL_METADATA } from '../train/export-mlp-onnx';
import { numericCell, parseTable } from '../train/tabular-table';
import type { OutputValue } from './tensor-output';

/** What our trainer wrote into a model's metadata_props. */
export interface TrainedModelInfo {
  readonly task: 'tabular-classification' | 'tabular-regression';
  readonly features: readonly string[];
  readonly classes: readonly string[] | null;
}

/** The trainer's description of a model, or null for a model our trainer did not make. */
export function trainedModelInfo(
  metadata: Readonly<Record<string, string>>,
): TrainedModelInfo | null {
  const task = metadata[TRAINED_MODEL_METADATA.task];
  const features = parseStringArray(metadata[TRAINED_MODEL_METADATA.features]);
  if ((task !== 'tabular-classification' && task !== 'tabular-regression') || features === null) {
    return null;
  }
  const classes = parseStringArray(metadata[TRAINED_MODEL_METADATA.classes]);
  if (task === 'tabular-classification' && classes === null) {
    return null;
  }
  return { task, features, classes: task === 'tabular-classification' ? classes : null };
}

/**
 * A float32 [rows, features] tensor from a CSV or JSON table, taking the model's feature columns
 * by name (other columns, such as the label, are ignored).
 */
export function featuresFromTable(input: Uint8Array, info: TrainedModelInfo): Tensor {
  const table = parseTable(input);
  const indexes = info.features.map((name) => {
    const index = table.columns.indexOf(name);
    if (index < 0) {
      throw new InvalidInputError(
        `table lacks the feature column ${JSON.stringify(name)}; the model needs ${JSON.stringify(info.features)}`,
      );
    }
    return index;
  });
  const width = indexes.length;
  const data = new Float32Array(table.rows.length * width);
  table.rows.forEach((row, r) =>
    indexes.forEach((column, f) => {
      data[r * width + f] = numericCell(row[column], r, info.features[f] ?? '');
    }),
  );
  return new Tensor('float32', data, [table.rows.length, width]);
}

/** One prediction per row: the most probable class label, or the regression value. */
export function predictionsOf(
  output: Tensor,
  info: TrainedModelInfo,
  round: (value: number) => OutputValue,
): OutputValue[] {
  const values = output.data as Float32Array;
  const rows = output.dims[0] ?? 0;
  const width = rows === 0 ? 0 : values.length / rows;
  const classes = info.classes;
  if (classes === null) {
    return Array.from(values, round);
  }
  if (width !== classes.length) {
    throw new InvalidInputError(
      `the model gives ${width} scores per row for ${classes.length} classes`,
    );
  }
  return Array.from({ length: rows }, (_, r) => {
    return classes[argmax(values.subarray(r * width, (r + 1) * width))] ?? '';
  });
}

function parseStringArray(text: string | undefined): string[] | null {
  if (text === undefined) {
    return null;
  }
  try {
    const value: unknown = JSON.parse(text);
    return Array.isArray(value) && value.every((v) => typeof v === 'string') ? value : null;
  } catch {
    return null;
  }
}
