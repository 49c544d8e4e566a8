import fc from 'fast-check';
import {
  decodeCanonicalBase64,
  decodeCanonicalBase64Url,
  encodeBase64Url,
} from './canonical-base64';

describe('canonical base64', () => {
  it('decodes what Buffer writes, for any bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
        const text = Buffer.from(bytes).toString('base64');
        expect(decodeCanonicalBase64(text)).toEqual(bytes);
        expect(decodeCanonicalBase64Url(encodeBase64Url(bytes))).toEqual(bytes);
      }),
    );
  });

  it.each([
    ['QR==', 'non-zero trailing bits'],
    ['QQ', 'missing padding'],
    ['QQ=', 'short padding'],
    ['QQ==\n', 'a trailing newline'],
    [' QQ==', 'leading space'],
    ['Q-==', 'the url alphabet'],
    ['QQ==QQ==', 'padding in the middle'],
  ])('refuses %j (%s) as padded base64', (text) => {
    expect(decodeCanonicalBase64(text)).toBeNull();
  });

  it.each([
    ['QQ==', 'padding'],
    ['Q+', 'the standard alphabet'],
    ['QR', 'non-zero trailing bits'],
    ['Q', 'a lone character'],
  ])('refuses %j (%s) as unpadded base64url', (text) => {
    expect(decodeCanonicalBase64Url(text)).toBeNull();
  });
});
