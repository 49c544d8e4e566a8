import { decodeCanonicalBase64 } from './canonical-base64';
import { looksLikeEnvelope, openEnvelope, sealEnvelope } from './payload-envelope';
import {
  MAX_PAYLOAD_TEXT_CHARS,
  payloadError,
  type PayloadError,
  type PayloadForm,
} from './payload-result';

export type JsonValue =
  string | number | boolean | null | readonly JsonValue[] | { readonly [key: string]: JsonValue };

/** The service's key for opening sealed payloads; null when none is configured. */
export type PayloadKeys = { readonly secretKey: Uint8Array } | null;

export interface OpenedPayloadJson {
  readonly ok: true;
  readonly form: PayloadForm;
  readonly json: unknown;
}

/**
 * The JSON inside an on-chain payload string, in either form: `pmenc1:…` (sealed to the service
 * key) or canonical padded base64 of UTF-8 JSON (the web frontend's form, which hides nothing).
 * Never throws; every refusal is a `PayloadError` with a reason.
 */
export function openPayloadJson(text: string, keys: PayloadKeys): OpenedPayloadJson | PayloadError {
  if (text.length > MAX_PAYLOAD_TEXT_CHARS) {
    return payloadError(
      'too-large',
      `a payload is at most ${MAX_PAYLOAD_TEXT_CHARS} characters, got ${text.length}`,
    );
  }
  let form: PayloadForm;
  let bytes: Uint8Array;
  if (looksLikeEnvelope(text)) {
    if (keys === null) {
      return payloadError('no-key', 'the payload is sealed, but no service key is configured');
    }
    const opened = openEnvelope(text, keys.secretKey);
    if (!opened.ok) {
      return opened;
    }
    form = 'pmenc1';
    bytes = opened.plaintext;
  } else {
    const decoded = text === '' ? null : decodeCanonicalBase64(text);
    if (decoded === null) {
      return payloadError(
        'not-base64',
        'a payload is "pmenc1:<base64url>" or canonical padded base64 of UTF-8 JSON',
      );
    }
    form = 'base64-json';
    bytes = decoded;
  }
  const json = parseUtf8Json(bytes);
  return json === undefined
    ? payloadError('not-json', 'the payload does not hold UTF-8 JSON')
    : { ok: true, form, json };
}

/** The web frontend's form: `Buffer.from(JSON.stringify(json)).toString('base64')`. */
export function encodeBase64JsonPayload(json: JsonValue): string {
  return checkedSize(Buffer.from(JSON.stringify(json), 'utf8').toString('base64'));
}

/** `json` sealed to the service's published key (raw 32 bytes) as a `pmenc1:` envelope. */
export function encryptConfidentialPayload(
  json: JsonValue,
  recipientPublicKey: Uint8Array,
): string {
  const plaintext = new Uint8Array(Buffer.from(JSON.stringify(json), 'utf8'));
  return checkedSize(sealEnvelope(plaintext, recipientPublicKey));
}

function checkedSize(text: string): string {
  if (text.length > MAX_PAYLOAD_TEXT_CHARS) {
    throw new RangeError(
      `the encoded payload is ${text.length} characters; decoders refuse more than ${MAX_PAYLOAD_TEXT_CHARS}`,
    );
  }
  return text;
}

const UTF8 = new TextDecoder('utf-8', { fatal: true });

/** The parsed JSON, or undefined when the bytes are not UTF-8 or not JSON. */
function parseUtf8Json(bytes: Uint8Array): unknown {
  try {
    return JSON.parse(UTF8.decode(bytes)) as unknown;
  } catch {
    return undefined;
  }
}
