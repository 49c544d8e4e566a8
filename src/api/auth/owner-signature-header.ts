/**
 * `X-PolkaMesh-Owner-Signature: signer=<SS58 or 0x public key>; message=<owner read message>;
 * signature=<0x sr25519 or ed25519 signature of "<Bytes>" + message + "</Bytes>">` (ADR 0013).
 */
export const OWNER_SIGNATURE_HEADER = 'X-PolkaMesh-Owner-Signature';

export interface OwnerSignatureParts {
  readonly signer: string;
  readonly message: string;
  readonly signature: string;
}

const KEYS = ['signer', 'message', 'signature'] as const;
/** Far above any real value (an SS58 address, a message, 0x + 128 hex); longer is refused unread. */
const MAX_HEADER_CHARS = 1024;

export function formatOwnerSignatureHeader(parts: OwnerSignatureParts): string {
  return KEYS.map((key) => `${key}=${parts[key]}`).join('; ');
}

/** The three parts, each exactly once and nothing else; else a reason. */
export function parseOwnerSignatureHeader(
  value: string,
): { readonly ok: true; readonly parts: OwnerSignatureParts } | { ok: false; reason: string } {
  if (value.length > MAX_HEADER_CHARS) {
    return { ok: false, reason: `the header is longer than ${MAX_HEADER_CHARS} characters` };
  }
  const found = new Map<string, string>();
  for (const item of value.split(';')) {
    const at = item.indexOf('=');
    const key = item.slice(0, at).trim();
    if (at < 0 || !(KEYS as readonly string[]).includes(key)) {
      return { ok: false, reason: `expected ${KEYS.map((k) => `${k}=…`).join('; ')}` };
    }
    if (found.has(key)) {
      return { ok: false, reason: `${key} is given twice` };
    }
    found.set(key, item.slice(at + 1).trim());
  }
  const missing = KEYS.filter((key) => !found.get(key));
  if (missing.length > 0) {
    return { ok: false, reason: `missing ${missing.join(', ')}` };
  }
  return {
    ok: true,
    parts: {
      signer: found.get('signer') ?? '',
      message: found.get('message') ?? '',
      signature: found.get('signature') ?? '',
    },
  };
}
