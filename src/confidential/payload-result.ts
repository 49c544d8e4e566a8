/**
 * Why a confidential payload was refused:
 * - `too-large`: the text is over the size cap (checked before any decoding);
 * - `not-base64`: neither a `pmencN:` envelope nor canonical padded base64;
 * - `malformed-envelope`: a `pmenc1:` envelope whose body is not canonical base64url or is too short;
 * - `unsupported-version`: an envelope of another version (`pmenc2:` …);
 * - `no-key`: an encrypted envelope, but the service has no secret key configured;
 * - `decryption-failed`: the tag does not verify (tampered, or sealed for another key);
 * - `not-json`: the plaintext is not UTF-8 JSON;
 * - `invalid-fields`: valid JSON that does not have the expected fields and types.
 */
export type PayloadErrorCode =
  | 'too-large'
  | 'not-base64'
  | 'malformed-envelope'
  | 'unsupported-version'
  | 'no-key'
  | 'decryption-failed'
  | 'not-json'
  | 'invalid-fields';

export interface PayloadError {
  readonly ok: false;
  readonly code: PayloadErrorCode;
  readonly reason: string;
}

/** How a payload reached the chain: the web frontend's plain base64 JSON, or a sealed envelope. */
export type PayloadForm = 'base64-json' | 'pmenc1';

export function payloadError(code: PayloadErrorCode, reason: string): PayloadError {
  return { ok: false, code, reason };
}

/** Cap on the payload text, checked before decoding (the contract itself has none, §7.7.4). */
export const MAX_PAYLOAD_TEXT_CHARS = 1024 * 1024;
