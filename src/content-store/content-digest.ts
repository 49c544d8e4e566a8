import { createHash } from 'node:crypto';

/** A content address: `sha256:` + 64 lowercase hex digits of the SHA-256 of the bytes. */
export type ContentDigest = `sha256:${string}`;

const DIGEST_PATTERN = /^sha256:[0-9a-f]{64}$/;

/** True when `text` is exactly `sha256:` + 64 lowercase hex (no other algorithm, no upper case). */
export function isContentDigest(text: string): text is ContentDigest {
  return DIGEST_PATTERN.test(text);
}

/** The digest of `bytes` (node:crypto; @noble/hashes v2 is ESM-only and Jest runs CommonJS). */
export function computeContentDigest(bytes: Uint8Array): ContentDigest {
  return `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
}

/** The 64 hex digits of a digest. */
export function digestHex(digest: ContentDigest): string {
  return digest.slice('sha256:'.length);
}
