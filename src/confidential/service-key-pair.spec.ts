import {
  formatServicePublicKey,
  generateServiceKeyPair,
  parseServicePublicKey,
  serviceKeyPairFromSeed,
} from './service-key-pair';
import { x25519PublicKey } from './x25519';

describe('service key pairs', () => {
  const seed = new Uint8Array(32).fill(7);

  it('gives the same key pair for the same seed, so the published key survives a restart', () => {
    const a = serviceKeyPairFromSeed(seed);
    const b = serviceKeyPairFromSeed(new Uint8Array(seed));
    expect(b).toEqual(a);
    expect(a.publicKey).toEqual(x25519PublicKey(a.secretKey));
  });

  it('gives different keys for different seeds, and the secret key is not the seed', () => {
    const other = new Uint8Array(32).fill(7);
    other[31] = 8;
    expect(serviceKeyPairFromSeed(other).publicKey).not.toEqual(
      serviceKeyPairFromSeed(seed).publicKey,
    );
    expect(serviceKeyPairFromSeed(seed).secretKey).not.toEqual(seed);
  });

  it('refuses a seed that is not 32 bytes', () => {
    expect(() => serviceKeyPairFromSeed(new Uint8Array(16))).toThrow(/32 bytes, got 16/);
  });

  it('generates fresh key pairs', () => {
    const a = generateServiceKeyPair();
    const b = generateServiceKeyPair();
    expect(a.publicKey).toHaveLength(32);
    expect(a.publicKey).toEqual(x25519PublicKey(a.secretKey));
    expect(a.secretKey).not.toEqual(b.secretKey);
  });

  it('publishes the public key as 0x + 64 lowercase hex and parses it back', () => {
    const { publicKey } = serviceKeyPairFromSeed(seed);
    const text = formatServicePublicKey(publicKey);
    expect(text).toMatch(/^0x[0-9a-f]{64}$/);
    expect(parseServicePublicKey(text)).toEqual(publicKey);
  });

  it.each([
    '',
    '0x',
    `0x${'ab'.repeat(31)}`,
    `0x${'AB'.repeat(32)}`,
    'ab'.repeat(32),
    `0x${'zz'.repeat(32)}`,
  ])('refuses the public key text %j', (text) => {
    expect(parseServicePublicKey(text)).toBeNull();
  });
});
