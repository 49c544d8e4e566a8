import { isContentDigest, type ContentDigest } from '../content-store';
import { DEFAULT_MAX_INLINE_BYTES, parseDataUrl } from './data-url';
import { quoteRef, rejectRef, type ParseResult } from './parse-result';

/** A job's `data_ref`, parsed. */
export type DataRef =
  /** RFC 2397 inline data, already decoded. */
  | { readonly kind: 'data-url'; readonly mediaType: string; readonly bytes: Uint8Array }
  /** A blob in the content store (uploaded through the API). */
  | { readonly kind: 'cas'; readonly digest: ContentDigest }
  /** A data NFT; its `data_uri` says where the data is, and the job owner needs access. */
  | { readonly kind: 'nft'; readonly tokenId: bigint }
  /** An https URL; fetched only when https data references are enabled. */
  | { readonly kind: 'https'; readonly url: URL };

export type DataRefKind = DataRef['kind'];

export interface ParseDataRefOptions {
  /** Decoded size limit of a `data:` URL (default 64 KiB). */
  readonly maxInlineBytes?: number;
}

export const MAX_HTTPS_URL_LENGTH = 2048;
export const SUPPORTED_DATA_REFS =
  'data:[<mediatype>][;base64],<data> (RFC 2397), cas:sha256:<64 hex>, nft:<token id>, https://…';

const U128_MAX = (1n << 128n) - 1n;
const TOKEN_ID = /^[1-9][0-9]{0,38}$/;
/** The web frontend's `data:<Date.now()>:<description>`; never a valid RFC 2397 media type. */
const FRONTEND_PLACEHOLDER = /^data:[0-9]{1,16}:/;

/** Parses a `data_ref` strictly. Never throws. */
export function parseDataRef(
  text: string,
  options: ParseDataRefOptions = {},
): ParseResult<DataRef> {
  if (FRONTEND_PLACEHOLDER.test(text)) {
    return rejectRef(
      'frontend-placeholder',
      `data_ref ${quoteRef(text)} is the web frontend's placeholder (a timestamp and the job ` +
        `description), not data; submit one of: ${SUPPORTED_DATA_REFS}`,
    );
  }
  if (text.startsWith('data:')) {
    const parsed = parseDataUrl(text, options.maxInlineBytes ?? DEFAULT_MAX_INLINE_BYTES);
    return parsed.ok ? { ok: true, ref: { kind: 'data-url', ...parsed.ref } } : parsed;
  }
  if (text.startsWith('cas:')) {
    const digest = text.slice('cas:'.length);
    return isContentDigest(digest)
      ? { ok: true, ref: { kind: 'cas', digest } }
      : rejectRef('malformed', 'cas data_ref must be cas:sha256:<64 lowercase hex>');
  }
  if (text.startsWith('nft:')) {
    return parseNftRef(text.slice('nft:'.length));
  }
  if (text.startsWith('https://')) {
    return parseHttpsRef(text);
  }
  if (text.startsWith('http://')) {
    return rejectRef('unsupported', 'plain http data_ref is not accepted; use https://');
  }
  return rejectRef(
    'unsupported',
    `data_ref ${quoteRef(text)} is not supported; use one of: ${SUPPORTED_DATA_REFS}`,
  );
}

function parseNftRef(id: string): ParseResult<DataRef> {
  if (!TOKEN_ID.test(id) || BigInt(id) > U128_MAX) {
    return rejectRef('malformed', 'nft data_ref must be nft:<token id>, a decimal u128 from 1');
  }
  return { ok: true, ref: { kind: 'nft', tokenId: BigInt(id) } };
}

function parseHttpsRef(text: string): ParseResult<DataRef> {
  if (text.length > MAX_HTTPS_URL_LENGTH) {
    return rejectRef(
      'malformed',
      `https data_ref is longer than ${MAX_HTTPS_URL_LENGTH} characters`,
    );
  }
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return rejectRef('malformed', 'https data_ref is not a valid URL');
  }
  if (url.username !== '' || url.password !== '') {
    return rejectRef('malformed', 'https data_ref must not carry credentials');
  }
  return { ok: true, ref: { kind: 'https', url } };
}

/** Canonical text of a parsed reference (a `data:` URL is re-encoded as base64). */
export function formatDataRef(ref: DataRef): string {
  switch (ref.kind) {
    case 'data-url':
      return `data:${ref.mediaType};base64,${Buffer.from(ref.bytes).toString('base64')}`;
    case 'cas':
      return `cas:${ref.digest}`;
    case 'nft':
      return `nft:${ref.tokenId}`;
    case 'https':
      return ref.url.href;
  }
}
