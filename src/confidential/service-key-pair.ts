import { hkdfSync, randomBytes } from 'node:crypto';
import { X25519_KEY_BYTES, x25519PublicKey } from './x25519';

/** The service's X25519 key pair: clients seal payloads to `publicKey` (raw 32 bytes each). */
export interface ServiceKeyPair {
  readonly secretKey: Uint8Array;
  readonly publicKey: Uint8Array;
}

export const SERVICE_KEY_SEED_BYTES = 32;

const SEED_SALT = Buffer.from('polkamesh', 'utf8');
const SEED_INFO = Buffer.from('pmenc1 service x25519 secret key', 'utf8');

export function generateServiceKeyPair(): ServiceKeyPair {
  return keyPairOf(new Uint8Array(randomBytes(X25519_KEY_BYTES)));
}

/**
 * The same key pair for the same 32-byte seed (HKDF-SHA256), so the published key survives
 * restarts. The seed is a secret: whoever holds it can open every payload sealed to the key.
 */
export function serviceKeyPairFromSeed(seed: Uint8Array): ServiceKeyPair {
  if (seed.length !== SERVICE_KEY_SEED_BYTES) {
    throw new RangeError(
      `a service key seed is ${SERVICE_KEY_SEED_BYTES} bytes, got ${seed.length}`,
    );
  }
  const secret = hkdfSync('sha256', seed, SEED_SALT, SEED_INFO, X25519_KEY_BYTES);
  return keyPairOf(new Uint8Array(secret));
}

function keyPairOf(secretKey: Uint8Array): ServiceKeyPair {
  return { secretKey, publicKey: x25519PublicKey(secretKey) };
}

const PUBLIC_KEY_HEX = /^0x[0-9a-f]{64}$/;

/** The published form of a public key: `0x` + 64 lowercase hex. */
export function formatServicePublicKey(publicKey: Uint8Array): string {
  if (publicKey.length !== X25519_KEY_BYTES) {
    throw new RangeError(
      `an X25519 public key is ${X25519_KEY_BYTES} bytes, got ${publicKey.length}`,
    );
  }
  return `0x${Buffer.from(publicKey).toString('hex')}`;
}

/** The raw key of `0x` + 64 lowercase hex, else null. */
export function parseServicePublicKey(text: string): Uint8Array | null {
  return PUBLIC_KEY_HEX.test(text) ? new Uint8Array(Buffer.from(text.slice(2), 'hex')) : null;
}
