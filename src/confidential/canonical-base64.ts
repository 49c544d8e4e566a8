const PADDED_BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const UNPADDED_BASE64URL = /^(?:[A-Za-z0-9_-]{4})*(?:[A-Za-z0-9_-]{2,3})?$/;

/**
 * Bytes of canonical padded base64 (what `Buffer#toString('base64')` writes), else null. Node's
 * decoder is lenient (it skips junk and ignores non-zero trailing bits), so the text must also
 * re-encode to itself.
 */
export function decodeCanonicalBase64(text: string): Uint8Array | null {
  if (!PADDED_BASE64.test(text)) {
    return null;
  }
  const bytes = Buffer.from(text, 'base64');
  return bytes.toString('base64') === text ? new Uint8Array(bytes) : null;
}

/** Bytes of canonical unpadded base64url (RFC 4648 §5), else null. */
export function decodeCanonicalBase64Url(text: string): Uint8Array | null {
  if (!UNPADDED_BASE64URL.test(text)) {
    return null;
  }
  const bytes = Buffer.from(text, 'base64url');
  return bytes.toString('base64url') === text ? new Uint8Array(bytes) : null;
}

export function encodeBase64Url(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64url');
}
