import { rejectRef, type ParseResult } from './parse-result';

/** A decoded RFC 2397 `data:` URL. */
export interface DataUrl {
  /** Lower-case `type/subtype` plus parameters, e.g. `text/plain;charset=US-ASCII` (the default). */
  readonly mediaType: string;
  readonly bytes: Uint8Array;
}

/** Decoded size limit for inline data unless the caller passes another. */
export const DEFAULT_MAX_INLINE_BYTES = 64 * 1024;

const DEFAULT_MEDIA_TYPE = 'text/plain;charset=US-ASCII';
const TOKEN = /^[a-z0-9!#$&^_.+-]+$/i;
const PARAM_VALUE = /^(?:[a-z0-9!#$&^_.+-]|%[0-9a-f]{2})+$/i;
const URL_CHARS = /^[\x21-\x7e]*$/;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/**
 * Parses `data:[<mediatype>][;base64],<data>` strictly (RFC 2397): lower-case scheme, a valid
 * `type/subtype` (or none: `text/plain;charset=US-ASCII`), `attribute=value` parameters, `;base64`
 * only last, data of printable US-ASCII with valid `%XX` escapes, canonical padded base64.
 */
export function parseDataUrl(
  text: string,
  maxBytes = DEFAULT_MAX_INLINE_BYTES,
): ParseResult<DataUrl> {
  if (!text.startsWith('data:')) {
    return rejectRef('malformed', 'a data URL starts with "data:"');
  }
  const comma = text.indexOf(',');
  if (comma < 0) {
    return rejectRef('malformed', 'a data URL needs a "," between the media type and the data');
  }
  const header = parseHeader(text.slice('data:'.length, comma));
  if (!header.ok) {
    return header;
  }
  const payload = text.slice(comma + 1);
  if (!URL_CHARS.test(payload)) {
    return rejectRef(
      'malformed',
      'data URL data must be printable US-ASCII (percent-encode the rest)',
    );
  }
  // Refuse a huge payload before decoding it.
  if (minimumDecodedSize(payload, header.isBase64) > maxBytes) {
    return tooLarge(maxBytes);
  }
  const decoded = percentDecode(payload);
  if (decoded === null) {
    return rejectRef('malformed', 'data URL has an invalid percent escape');
  }
  let bytes = decoded;
  if (header.isBase64) {
    const b64 = Buffer.from(decoded).toString('latin1');
    if (!BASE64.test(b64)) {
      return rejectRef('malformed', 'data URL base64 is not canonical padded base64');
    }
    bytes = new Uint8Array(Buffer.from(b64, 'base64'));
  }
  if (bytes.byteLength > maxBytes) {
    return tooLarge(maxBytes);
  }
  return { ok: true, ref: { mediaType: header.mediaType, bytes } };
}

type Header =
  | { readonly ok: true; readonly mediaType: string; readonly isBase64: boolean }
  | { readonly ok: false; readonly code: 'malformed'; readonly reason: string };

function parseHeader(header: string): Header {
  const parts = header.split(';');
  const isBase64 = parts.length > 1 && parts[parts.length - 1]?.toLowerCase() === 'base64';
  if (isBase64) {
    parts.pop();
  }
  const [type = '', ...params] = parts;
  let mediaType = 'text/plain';
  if (type !== '') {
    const [main, sub, extra] = type.split('/');
    if (main === undefined || sub === undefined || extra !== undefined) {
      return malformedHeader(`media type ${JSON.stringify(type)} is not type/subtype`);
    }
    if (!TOKEN.test(main) || !TOKEN.test(sub)) {
      return malformedHeader(`media type ${JSON.stringify(type)} has invalid characters`);
    }
    mediaType = `${main}/${sub}`.toLowerCase();
  }
  if (type === '' && params.length === 0) {
    return { ok: true, mediaType: DEFAULT_MEDIA_TYPE, isBase64 };
  }
  for (const param of params) {
    const eq = param.indexOf('=');
    if (eq <= 0 || !TOKEN.test(param.slice(0, eq)) || !PARAM_VALUE.test(param.slice(eq + 1))) {
      return malformedHeader(`parameter ${JSON.stringify(param)} is not attribute=value`);
    }
    mediaType += `;${param}`;
  }
  return { ok: true, mediaType, isBase64 };
}

function malformedHeader(reason: string): Header {
  return { ok: false, code: 'malformed', reason: `data URL ${reason}` };
}

/** Lower bound of the decoded size, to refuse a huge payload without decoding it. */
function minimumDecodedSize(payload: string, isBase64: boolean): number {
  const withoutEscapes = payload.length - 2 * (payload.match(/%/g)?.length ?? 0);
  return isBase64 ? Math.floor((withoutEscapes * 3) / 4) - 2 : withoutEscapes;
}

/** `%XX` → byte; every other character is its own US-ASCII byte. Null on a broken escape. */
function percentDecode(text: string): Uint8Array | null {
  const out = new Uint8Array(text.length);
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c !== 0x25) {
      out[n++] = c;
      continue;
    }
    const hex = text.slice(i + 1, i + 3);
    if (!/^[0-9a-f]{2}$/i.test(hex)) {
      return null;
    }
    out[n++] = parseInt(hex, 16);
    i += 2;
  }
  return out.slice(0, n);
}

function tooLarge(maxBytes: number): ParseResult<never> {
  return rejectRef('too-large', `data URL data is larger than ${maxBytes} bytes`);
}
