import { createPrivateKey, createPublicKey, diffieHellman, type KeyObject } from 'node:crypto';

/** X25519 (RFC 7748) over raw 32-byte keys, using node:crypto (@noble/curves is not a dependency). */
export const X25519_KEY_BYTES = 32;

// DER headers of a PKCS#8 private key and an SPKI public key for OID 1.3.101.110 (X25519).
const PKCS8_PREFIX = Buffer.from('302e020100300506032b656e04220420', 'hex');
const SPKI_PREFIX = Buffer.from('302a300506032b656e032100', 'hex');

export function x25519PublicKey(secretKey: Uint8Array): Uint8Array {
  const spki = createPublicKey(privateKeyObject(secretKey)).export({ format: 'der', type: 'spki' });
  return new Uint8Array(spki.subarray(SPKI_PREFIX.length));
}

/**
 * The shared secret, or null when the peer key is a low-order point (the result would be all
 * zeros, which OpenSSL refuses).
 */
export function x25519SharedSecret(
  secretKey: Uint8Array,
  publicKey: Uint8Array,
): Uint8Array | null {
  try {
    const shared = diffieHellman({
      privateKey: privateKeyObject(secretKey),
      publicKey: publicKeyObject(publicKey),
    });
    return shared.every((b) => b === 0) ? null : new Uint8Array(shared);
  } catch {
    return null;
  }
}

function privateKeyObject(secretKey: Uint8Array): KeyObject {
  assertKeyLength(secretKey, 'secret');
  return createPrivateKey({
    key: Buffer.concat([PKCS8_PREFIX, secretKey]),
    format: 'der',
    type: 'pkcs8',
  });
}

function publicKeyObject(publicKey: Uint8Array): KeyObject {
  assertKeyLength(publicKey, 'public');
  return createPublicKey({
    key: Buffer.concat([SPKI_PREFIX, publicKey]),
    format: 'der',
    type: 'spki',
  });
}

function assertKeyLength(key: Uint8Array, what: string): void {
  if (key.length !== X25519_KEY_BYTES) {
    throw new RangeError(`an X25519 ${what} key is ${X25519_KEY_BYTES} bytes, got ${key.length}`);
  }
}
