import { InvalidInputError } from '../executor';
import { MAX_TABLE_COLUMNS, numericCell, parseTable } from './tabular-table';

const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);

describe('parseTable', () => {
  it('reads CSV with quoted fields, escaped quotes, CRLF line ends and a BOM', () => {
    const table = parseTable(bytes('\uFEFFa,"b, c",label\r\n1,2.5,"say ""hi"""\r\n-3,.5e1,x\r\n'));

    expect(table).toEqual({
      columns: ['a', 'b, c', 'label'],
      rows: [
        ['1', '2.5', 'say "hi"'],
        ['-3', '.5e1', 'x'],
      ],
    });
  });

  it('reads CSV without a final newline', () => {
    expect(parseTable(bytes('a,b\n1,2')).rows).toEqual([['1', '2']]);
  });

  it('reads a JSON array of objects in the first row’s key order', () => {
    const table = parseTable(bytes('[{"x": 1, "label": "a"}, {"label": "b", "x": 2.5}]'));

    expect(table).toEqual({
      columns: ['x', 'label'],
      rows: [
        [1, 'a'],
        [2.5, 'b'],
      ],
    });
  });

  it.each([
    ['a ragged row', 'a,b\n1,2\n3\n', /line 3 has 1 fields/],
    ['an empty line', 'a,b\n1,2\n\n3,4\n', /line 3 is empty/],
    ['an unterminated quote', 'a,b\n1,"2\n', /inside a quoted field/],
    ['a quote inside a field', 'a,b\n1,2"3\n', /misplaced quote/],
    ['text after a closing quote', 'a,b\n1,"2"3\n', /misplaced quote/],
    ['a duplicate column', 'a,a\n1,2\n', /column "a" twice/],
    ['an empty column name', 'a,\n1,2\n', /empty column name/],
    ['a header only', 'a,b\n', /no data rows/],
    ['nothing at all', '', /empty/],
    ['JSON that is not an array of objects', '[1, 2]', /array of objects/],
    ['JSON rows with different keys', '[{"a": 1}, {"b": 1}]', /keys of row 1/],
    ['JSON booleans', '[{"a": true}]', /numbers or strings/],
    ['broken JSON', '[{"a": 1}', /not valid JSON/],
  ])('refuses %s', (_case, text, message) => {
    expect(() => parseTable(bytes(text))).toThrow(InvalidInputError);
    expect(() => parseTable(bytes(text))).toThrow(message);
  });

  it('refuses more columns than the limit', () => {
    const header = Array.from({ length: MAX_TABLE_COLUMNS + 1 }, (_, i) => `c${i}`).join(',');
    const row = Array.from({ length: MAX_TABLE_COLUMNS + 1 }, () => '1').join(',');

    expect(() => parseTable(bytes(`${header}\n${row}\n`))).toThrow(/at most 256/);
  });

  it('refuses bytes that are not UTF-8', () => {
    expect(() => parseTable(Uint8Array.of(0x61, 0x0a, 0xff, 0x0a))).toThrow(/UTF-8/);
  });
});

describe('numericCell', () => {
  it.each([
    ['1', 1],
    [' -2.5 ', -2.5],
    ['1e3', 1000],
    [7, 7],
  ])('reads %p as %p', (cell, value) => {
    expect(numericCell(cell, 0, 'x')).toBe(value);
  });

  it.each(['', 'abc', '1,5', 'NaN', 'Infinity', '0x10', '1e999'])('refuses %p', (cell) => {
    expect(() => numericCell(cell, 4, 'x')).toThrow(/row 5, column "x"/);
  });
});
