import { formatDataRef, parseDataRef, type DataRef } from './data-ref';

const DIGEST = `sha256:${'0f'.repeat(32)}`;
const text = (ref: DataRef | undefined): string =>
  ref?.kind === 'data-url' ? Buffer.from(ref.bytes).toString('utf8') : '';

describe('parseDataRef: RFC 2397 data URLs', () => {
  it.each([
    ['data:,Hello%2C%20World!', 'text/plain;charset=US-ASCII', 'Hello, World!'],
    ['data:text/plain;base64,SGVsbG8sIFdvcmxkIQ==', 'text/plain', 'Hello, World!'],
    ['data:;charset=utf-8,caf%C3%A9', 'text/plain;charset=utf-8', 'café'],
    ['data:Text/CSV;header=present,a%2Cb%0A1%2C2', 'text/csv;header=present', 'a,b\n1,2'],
    ['data:application/json,{"a":1}', 'application/json', '{"a":1}'],
    ['data:application/octet-stream;base64,', 'application/octet-stream', ''],
  ])('decodes %s', (input, mediaType, decoded) => {
    const out = parseDataRef(input);
    expect(out).toMatchObject({ ok: true, ref: { kind: 'data-url', mediaType } });
    expect(text(out.ok ? out.ref : undefined)).toBe(decoded);
  });

  it.each([
    ['data:text/plain', 'needs a ","'],
    ['data:textplain,x', 'not type/subtype'],
    ['data:text/plain;charset,x', 'not attribute=value'],
    ['data:text/pl ain,x', 'invalid characters'],
    ['data:,bad%zzescape', 'invalid percent escape'],
    ['data:,with space', 'printable US-ASCII'],
    ['data:;base64,SGVsbG8', 'canonical padded base64'],
    ['data:;base64,SGVs bG8=', 'printable US-ASCII'],
    ['data:;base64;charset=utf-8,SGVsbG8=', 'parameter "base64" is not attribute=value'],
  ])('refuses %s', (input, hint) => {
    const out = parseDataRef(input);
    expect(out).toMatchObject({ ok: false, code: 'malformed' });
    expect(!out.ok && out.reason).toContain(hint);
  });

  it('enforces the inline size limit, before and after decoding', () => {
    const base64 = Buffer.alloc(101).toString('base64');
    expect(parseDataRef(`data:;base64,${base64}`, { maxInlineBytes: 100 })).toMatchObject({
      ok: false,
      code: 'too-large',
    });
    expect(parseDataRef(`data:,${'%41'.repeat(100)}`, { maxInlineBytes: 100 }).ok).toBe(true);
    expect(parseDataRef(`data:,${'%41'.repeat(101)}`, { maxInlineBytes: 100 })).toMatchObject({
      ok: false,
      code: 'too-large',
    });
  });
});

describe('parseDataRef: other schemes', () => {
  it.each<[string, DataRef]>([
    [`cas:${DIGEST}`, { kind: 'cas', digest: DIGEST as `sha256:${string}` }],
    ['nft:1', { kind: 'nft', tokenId: 1n }],
    [`nft:${(1n << 128n) - 1n}`, { kind: 'nft', tokenId: (1n << 128n) - 1n }],
    [
      'https://example.com/d.csv?x=1',
      { kind: 'https', url: new URL('https://example.com/d.csv?x=1') },
    ],
  ])('accepts %s and formats it back', (input, ref) => {
    expect(parseDataRef(input)).toEqual({ ok: true, ref });
    expect(formatDataRef(ref)).toBe(input);
  });

  it.each([
    ['cas:sha256:1234', 'malformed'],
    ['cas:md5:0123456789abcdef0123456789abcdef', 'malformed'],
    ['nft:0', 'malformed'],
    ['nft:007', 'malformed'],
    ['nft:-1', 'malformed'],
    [`nft:${1n << 128n}`, 'malformed'],
    ['https://user:pw@example.com/', 'malformed'],
    ['https://', 'malformed'],
    ['http://example.com/data', 'unsupported'],
    ['ipfs://bafy', 'unsupported'],
    ['some free text', 'unsupported'],
  ])('refuses %s (%s)', (input, code) => {
    expect(parseDataRef(input)).toMatchObject({ ok: false, code });
  });

  it.each([
    'data:1732350000000:Image classification',
    'data:1732350000000:Image, classification with a comma',
    'data:1732350000000:',
  ])("refuses the web frontend's placeholder %s with an explanation", (input) => {
    const out = parseDataRef(input);
    expect(out).toMatchObject({ ok: false, code: 'frontend-placeholder' });
    expect(!out.ok && out.reason).toMatch(/web frontend's placeholder.*not data.*cas:sha256/);
  });

  it('re-encodes a data URL canonically as base64', () => {
    const out = parseDataRef('data:,hi');
    expect(out.ok && formatDataRef(out.ref)).toBe('data:text/plain;charset=US-ASCII;base64,aGk=');
  });
});
