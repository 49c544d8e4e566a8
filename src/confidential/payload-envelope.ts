import { hkdfSync, randomBytes } from 'node:crypto';
import { xchacha20poly1305 } from '@noble/ciphers/chacha.js';
import { decodeCanonicalBase64Url, encodeBase64Url } from './canonical-base64';
import { payloadError, type PayloadError } from './payload-result';
import { X25519_KEY_BYTES, x25519PublicKey, x25519SharedSecret } from './x25519';

/**
 * `pmenc1:<base64url(ephemeralPublicKey[32] || nonce[24] || ciphertext || tag[16])>`, unpadded.
 *
 * The sender makes a fresh X25519 key pair per message; the AEAD key is
 * HKDF-SHA256(ikm = X25519(ephemeral, recipient), salt = ephemeralPk || recipientPk,
 * info = "pmenc1 xchacha20poly1305 key"), and XChaCha20-Poly1305 runs with
 * AAD = "pmenc1" || ephemeralPk || recipientPk, so neither the version nor either key can be
 * swapped without the tag failing.
 */
export const PMENC1_VERSION = 'pmenc1';
const PREFIX = `${PMENC1_VERSION}:`;
const NONCE_BYTES = 24;
const TAG_BYTES = 16;
const HEADER_BYTES = X25519_KEY_BYTES + NONCE_BYTES;
const KEY_INFO = Buffer.from(`${PMENC1_VERSION} xchacha20poly1305 key`, 'utf8');

/** `pmencN:` (any version): the text claims to be an envelope rather than base64. */
const ENVELOPE_PREFIX = /^pmenc[0-9]+:/;

export function looksLikeEnvelope(text: string): boolean {
  return ENVELOPE_PREFIX.test(text);
}

/** Seals `plaintext` to `recipientPublicKey` (raw 32 bytes). */
export function sealEnvelope(plaintext: Uint8Array, recipientPublicKey: Uint8Array): string {
  const ephemeralSecret = new Uint8Array(randomBytes(X25519_KEY_BYTES));
  const ephemeralPublic = x25519PublicKey(ephemeralSecret);
  const shared = x25519SharedSecret(ephemeralSecret, recipientPublicKey);
  if (shared === null) {
    throw new RangeError('the recipient public key is a low-order X25519 point');
  }
  const nonce = new Uint8Array(randomBytes(NONCE_BYTES));
  const cipher = xchacha20poly1305(
    aeadKey(shared, ephemeralPublic, recipientPublicKey),
    nonce,
    aad(ephemeralPublic, recipientPublicKey),
  );
  const sealed = cipher.encrypt(plaintext);
  return PREFIX + encodeBase64Url(concat(ephemeralPublic, nonce, sealed));
}

/** The plaintext of a `pmenc1:` envelope sealed to the key pair of `secretKey`. */
export function openEnvelope(
  text: string,
  secretKey: Uint8Array,
): { readonly ok: true; readonly plaintext: Uint8Array } | PayloadError {
  if (!text.startsWith(PREFIX)) {
    const version = /^(pmenc[0-9]+):/.exec(text)?.[1] ?? 'unknown';
    return payloadError(
      'unsupported-version',
      `envelope version ${version} is not supported (pmenc1 is)`,
    );
  }
  const body = decodeCanonicalBase64Url(text.slice(PREFIX.length));
  if (body === null) {
    return payloadError(
      'malformed-envelope',
      'the pmenc1 body is not canonical unpadded base64url',
    );
  }
  if (body.length < HEADER_BYTES + TAG_BYTES) {
    return payloadError(
      'malformed-envelope',
      `a pmenc1 body holds at least ${HEADER_BYTES + TAG_BYTES} bytes, got ${body.length}`,
    );
  }
  const ephemeralPublic = body.subarray(0, X25519_KEY_BYTES);
  const nonce = body.subarray(X25519_KEY_BYTES, HEADER_BYTES);
  const recipientPublic = x25519PublicKey(secretKey);
  const shared = x25519SharedSecret(secretKey, ephemeralPublic);
  if (shared === null) {
    return payloadError('decryption-failed', 'the ephemeral key is a low-order X25519 point');
  }
  const cipher = xchacha20poly1305(
    aeadKey(shared, ephemeralPublic, recipientPublic),
    nonce,
    aad(ephemeralPublic, recipientPublic),
  );
  try {
    return { ok: true, plaintext: cipher.decrypt(body.subarray(HEADER_BYTES)) };
  } catch {
    return payloadError(
      'decryption-failed',
      'the pmenc1 tag does not verify (tampered, or sealed for another key)',
    );
  }
}

function aeadKey(shared: Uint8Array, ephemeralPublic: Uint8Array, recipientPublic: Uint8Array) {
  const salt = concat(ephemeralPublic, recipientPublic);
  return new Uint8Array(hkdfSync('sha256', shared, salt, KEY_INFO, 32));
}

function aad(ephemeralPublic: Uint8Array, recipientPublic: Uint8Array): Uint8Array {
  return concat(Buffer.from(PMENC1_VERSION, 'utf8'), ephemeralPublic, recipientPublic);
}

function concat(...parts: Uint8Array[]): Uint8Array {
  return new Uint8Array(Buffer.concat(parts));
}
