import {
  createPublicKey,
  diffieHellman,
  generateKeyPairSync,
  hkdfSync,
  randomBytes,
} from 'node:crypto';
import { xchacha20poly1305 } from '@noble/ciphers/chacha.js';
import { openEnvelope, sealEnvelope } from './payload-envelope';
import { generateServiceKeyPair } from './service-key-pair';

const utf8 = (text: string) => new Uint8Array(Buffer.from(text, 'utf8'));
const body = (envelope: string) =>
  new Uint8Array(Buffer.from(envelope.slice('pmenc1:'.length), 'base64url'));
const rewrap = (bytes: Uint8Array) => `pmenc1:${Buffer.from(bytes).toString('base64url')}`;

/** An envelope built from the documented recipe with node:crypto key objects, not the module's code. */
function sealByRecipe(
  plaintext: Uint8Array,
  recipientPublic: Uint8Array,
  aadOf: (version: Uint8Array, ephemeral: Uint8Array, recipient: Uint8Array) => Uint8Array,
): string {
  const { privateKey, publicKey } = generateKeyPairSync('x25519');
  const ephemeral = new Uint8Array(
    Buffer.from(publicKey.export({ format: 'jwk' }).x as string, 'base64url'),
  );
  const recipientKey = {
    kty: 'OKP',
    crv: 'X25519',
    x: Buffer.from(recipientPublic).toString('base64url'),
  };
  const shared = diffieHellman({
    privateKey,
    publicKey: createPublicKey({ key: recipientKey, format: 'jwk' }),
  });
  const salt = Buffer.concat([ephemeral, recipientPublic]);
  const key = new Uint8Array(hkdfSync('sha256', shared, salt, 'pmenc1 xchacha20poly1305 key', 32));
  const nonce = new Uint8Array(randomBytes(24));
  const aad = aadOf(utf8('pmenc1'), ephemeral, recipientPublic);
  const sealed = xchacha20poly1305(key, nonce, aad).encrypt(plaintext);
  return rewrap(new Uint8Array(Buffer.concat([ephemeral, nonce, sealed])));
}

describe('pmenc1 envelopes', () => {
  const service = generateServiceKeyPair();
  const message = utf8('{"jobId":1,"model":"ocr:pp-ocrv4","data":"data:,secret"}');

  it('round-trips, and each seal uses a fresh ephemeral key and nonce', () => {
    const a = sealEnvelope(message, service.publicKey);
    const b = sealEnvelope(message, service.publicKey);
    expect(a).toMatch(/^pmenc1:[A-Za-z0-9_-]+$/);
    expect(a).not.toBe(b);
    expect(body(a).subarray(0, 56)).not.toEqual(body(b).subarray(0, 56));
    expect(openEnvelope(a, service.secretKey)).toEqual({ ok: true, plaintext: message });
    expect(body(a)).toHaveLength(32 + 24 + message.length + 16);
    expect(Buffer.from(body(a)).includes(Buffer.from('secret'))).toBe(false);
  });

  it('opens an envelope built independently from the documented recipe', () => {
    const text = sealByRecipe(
      message,
      service.publicKey,
      (v, e, r) => new Uint8Array(Buffer.concat([v, e, r])),
    );
    expect(openEnvelope(text, service.secretKey)).toEqual({ ok: true, plaintext: message });
  });

  it.each<[string, (v: Uint8Array, e: Uint8Array, r: Uint8Array) => Uint8Array]>([
    ['without the version', (_v, e, r) => new Uint8Array(Buffer.concat([e, r]))],
    ['without the recipient key', (v, e) => new Uint8Array(Buffer.concat([v, e]))],
    ['without the ephemeral key', (v, _e, r) => new Uint8Array(Buffer.concat([v, r]))],
    ['with another version', (_v, e, r) => new Uint8Array(Buffer.concat([utf8('pmenc2'), e, r]))],
    ['empty', () => new Uint8Array()],
  ])('refuses an envelope whose AAD was %s', (_name, aadOf) => {
    const text = sealByRecipe(message, service.publicKey, aadOf);
    expect(openEnvelope(text, service.secretKey)).toMatchObject({
      ok: false,
      code: 'decryption-failed',
    });
  });

  it('refuses an envelope sealed for another key', () => {
    const other = generateServiceKeyPair();
    const text = sealEnvelope(message, other.publicKey);
    expect(openEnvelope(text, service.secretKey)).toMatchObject({
      ok: false,
      code: 'decryption-failed',
      reason: expect.stringContaining('another key') as unknown,
    });
  });

  it.each([
    ['the ephemeral key', 3],
    ['the nonce', 40],
    ['the ciphertext', 60],
    ['the tag', -1],
  ])('refuses a flipped bit in %s', (_region, index) => {
    const bytes = body(sealEnvelope(message, service.publicKey));
    const at = index < 0 ? bytes.length + index : index;
    bytes[at] = (bytes[at] as number) ^ 0x01;
    expect(openEnvelope(rewrap(bytes), service.secretKey)).toMatchObject({
      ok: false,
      code: 'decryption-failed',
    });
  });

  it('refuses a truncated envelope and a low-order ephemeral key', () => {
    const bytes = body(sealEnvelope(message, service.publicKey));
    expect(openEnvelope(rewrap(bytes.subarray(0, 71)), service.secretKey)).toMatchObject({
      ok: false,
      code: 'malformed-envelope',
    });
    bytes.fill(0, 0, 32);
    expect(openEnvelope(rewrap(bytes), service.secretKey)).toMatchObject({
      ok: false,
      code: 'decryption-failed',
    });
  });

  it('refuses other versions and non-canonical bodies', () => {
    const text = sealEnvelope(message, service.publicKey);
    expect(openEnvelope(text.replace('pmenc1', 'pmenc2'), service.secretKey)).toMatchObject({
      ok: false,
      code: 'unsupported-version',
      reason: expect.stringContaining('pmenc2') as unknown,
    });
    expect(openEnvelope(`${text}=`, service.secretKey)).toMatchObject({
      ok: false,
      code: 'malformed-envelope',
    });
    expect(openEnvelope(`${text} `, service.secretKey)).toMatchObject({
      ok: false,
      code: 'malformed-envelope',
    });
  });

  it('refuses to seal to a low-order key', () => {
    expect(() => sealEnvelope(message, new Uint8Array(32))).toThrow(/low-order/);
  });
});
