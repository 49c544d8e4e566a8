import { OUTPUT_INLINE_MAX_BYTES } from '../dto/job-engine.dto';
import { isTextualMediaType, toOutputBody } from './job-output-body';

const DIGEST = `sha256:${'ab'.repeat(32)}`;
const bytes = (text: string) => new TextEncoder().encode(text);

describe('toOutputBody', () => {
  it('inlines small text as a string', () => {
    const body = toOutputBody(DIGEST, 'text/plain; charset=utf-8', 5, bytes('hello'));
    expect(body).toEqual({ kind: 'text', size: 5, text: 'hello' });
  });

  it('inlines small JSON parsed', () => {
    const json = '{"labels":[{"name":"cat","score":0.9}]}';
    expect(toOutputBody(DIGEST, 'application/json', json.length, bytes(json))).toEqual({
      kind: 'json',
      size: json.length,
      json: { labels: [{ name: 'cat', score: 0.9 }] },
    });
  });

  it('keeps JSON that does not parse as text', () => {
    expect(toOutputBody(DIGEST, 'application/vnd.x+json', 3, bytes('{no'))).toEqual({
      kind: 'text',
      size: 3,
      text: '{no',
    });
  });

  it('refers to binary, oversized or invalid UTF-8 outputs by cas: reference', () => {
    const ref = { kind: 'reference', ref: `cas:${DIGEST}` };
    expect(toOutputBody(DIGEST, 'application/onnx', 4, new Uint8Array(4))).toEqual({
      ...ref,
      size: 4,
    });
    const big = OUTPUT_INLINE_MAX_BYTES + 1;
    expect(toOutputBody(DIGEST, 'text/plain', big, new Uint8Array(big))).toEqual({
      ...ref,
      size: big,
    });
    expect(toOutputBody(DIGEST, 'text/plain', 2, new Uint8Array([0xff, 0xfe]))).toEqual({
      ...ref,
      size: 2,
    });
    expect(toOutputBody(DIGEST, 'text/plain', null, null)).toEqual({ ...ref, size: null });
  });

  it('judges media types by their essence', () => {
    expect(isTextualMediaType('TEXT/CSV')).toBe(true);
    expect(isTextualMediaType('application/ld+json; profile=x')).toBe(true);
    expect(isTextualMediaType('image/png')).toBe(false);
    expect(isTextualMediaType('application/octet-stream')).toBe(false);
  });
});
