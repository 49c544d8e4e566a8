import { InvalidInputError } from '../executor';

/** A cell as it came: CSV cells are strings, JSON cells numbers or strings. */
export type Cell = number | string;

/** A rectangular table with a header; every row has one cell per column. */
export interface Table {
  readonly columns: readonly string[];
  readonly rows: readonly (readonly Cell[])[];
}

export const MAX_TABLE_ROWS = 100_000;
export const MAX_TABLE_COLUMNS = 256;

const NUMBER_PATTERN = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/**
 * Parses tabular input: a JSON array of objects (all with the same keys) when the text starts with
 * `[`, otherwise CSV with a header row (RFC 4180 quoting, `\n` or `\r\n` line ends, one optional
 * trailing newline). Strict: ragged rows, empty lines, duplicate or empty column names, and tables
 * over `MAX_TABLE_ROWS` rows or `MAX_TABLE_COLUMNS` columns are `InvalidInputError`s.
 */
export function parseTable(input: Uint8Array): Table {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(input);
  } catch {
    throw new InvalidInputError('table is not valid UTF-8');
  }
  const table = text.trimStart().startsWith('[') ? parseJsonRows(text) : parseCsv(text);
  checkColumns(table.columns);
  if (table.rows.length === 0) {
    throw new InvalidInputError('table has no data rows');
  }
  return table;
}

/** A cell as a finite number, or an `InvalidInputError` naming where it is. */
export function numericCell(cell: Cell | undefined, row: number, column: string): number {
  const value =
    typeof cell === 'number'
      ? cell
      : typeof cell === 'string' && NUMBER_PATTERN.test(cell.trim())
        ? Number(cell.trim())
        : Number.NaN;
  if (!Number.isFinite(value)) {
    throw new InvalidInputError(
      `row ${row + 1}, column ${JSON.stringify(column)}: ${JSON.stringify(cell ?? null)} is not a finite number`,
    );
  }
  return value;
}

function parseJsonRows(text: string): Table {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    throw new InvalidInputError(`table is not valid JSON: ${(err as Error).message}`);
  }
  if (!Array.isArray(parsed)) {
    throw new InvalidInputError('JSON table must be an array of objects');
  }
  checkRowCount(parsed.length);
  const first: unknown = parsed[0];
  if (!isPlainObject(first)) {
    throw new InvalidInputError('JSON table must be an array of objects');
  }
  const columns = Object.keys(first);
  const rows = parsed.map((item: unknown, index) => {
    if (
      !isPlainObject(item) ||
      Object.keys(item).length !== columns.length ||
      !columns.every((column) => Object.hasOwn(item, column))
    ) {
      throw new InvalidInputError(`row ${index + 1} does not have the keys of row 1`);
    }
    return columns.map((column) => {
      const value = item[column];
      if (typeof value !== 'number' && typeof value !== 'string') {
        throw new InvalidInputError(
          `row ${index + 1}, key ${JSON.stringify(column)}: values must be numbers or strings`,
        );
      }
      return value;
    });
  });
  return { columns, rows };
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function parseCsv(text: string): Table {
  const records = csvRecords(text.endsWith('\n') ? text : `${text}\n`);
  const [header, ...rows] = records;
  if (header === undefined) {
    throw new InvalidInputError('CSV is empty');
  }
  checkRowCount(rows.length);
  const columns = header.map((name) => name.trim());
  rows.forEach((row, index) => {
    if (row.length !== columns.length) {
      throw new InvalidInputError(
        `CSV line ${index + 2} has ${row.length} fields; the header has ${columns.length}`,
      );
    }
  });
  return { columns, rows };
}

/** Splits newline-terminated CSV text into records of fields. */
function csvRecords(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let quoted = false;
  let wasQuoted = false;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (quoted) {
      if (char !== '"') {
        field += char;
      } else if (text[i + 1] === '"') {
        field += '"';
        i++;
      } else {
        quoted = false;
      }
    } else if (char === '"' && field === '' && !wasQuoted) {
      quoted = wasQuoted = true;
    } else if (char === ',' || char === '\n' || (char === '\r' && text[i + 1] === '\n')) {
      record.push(field);
      field = '';
      wasQuoted = false;
      if (char !== ',') {
        i += char === '\r' ? 1 : 0;
        if (record.length === 1 && record[0] === '') {
          throw new InvalidInputError(`CSV line ${records.length + 1} is empty`);
        }
        records.push(record);
        record = [];
        checkRowCount(records.length - 1);
      }
    } else if (char === '"' || wasQuoted) {
      throw new InvalidInputError(`CSV line ${records.length + 1} has a misplaced quote`);
    } else {
      field += char;
    }
  }
  if (quoted) {
    throw new InvalidInputError('CSV ends inside a quoted field');
  }
  return records;
}

function checkRowCount(rows: number): void {
  if (rows > MAX_TABLE_ROWS) {
    throw new InvalidInputError(`table has more than ${MAX_TABLE_ROWS} rows`);
  }
}

function checkColumns(columns: readonly string[]): void {
  if (columns.length > MAX_TABLE_COLUMNS) {
    throw new InvalidInputError(
      `table has ${columns.length} columns; at most ${MAX_TABLE_COLUMNS}`,
    );
  }
  const seen = new Set<string>();
  for (const column of columns) {
    if (column === '') {
      throw new InvalidInputError('table has an empty column name');
    }
    if (seen.has(column)) {
      throw new InvalidInputError(`table has the column ${JSON.stringify(column)} twice`);
    }
    seen.add(column);
  }
}
