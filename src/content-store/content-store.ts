import { AppError } from '../shared';
import type { ContentDigest } from './content-digest';

/** What the store knows about one blob without reading it. */
export interface ContentStat {
  readonly digest: ContentDigest;
  /** Size in bytes. */
  readonly size: number;
  /** The media type given to the first `put` of these bytes. */
  readonly mediaType: string;
  /**
   * May run as an `onnx:` model: at least one `put` of these bytes said `asModel` (an upload with
   * the `content:write` scope, or a model this service trained). Job inputs are data only.
   */
  readonly isModel: boolean;
}

export interface ContentPutOptions {
  /**
   * Store the bytes as a model as well as data. Only paths allowed to create models say so; once
   * set it stays set (a later `put` without it does not take it away).
   */
  readonly asModel?: boolean;
}

/** A blob read back from the store; its digest has been verified against the bytes. */
export interface StoredContent extends ContentStat {
  readonly bytes: Uint8Array;
}

/**
 * Content-addressed blob store: data a job refers to as `cas:sha256:<hex>` and ONNX models
 * (`onnx:sha256:<hex>`). What callers may assume:
 * - `put` is idempotent by SHA-256: the same bytes always give the same digest and are stored once;
 *   the media type of the first `put` wins (later puts of the same bytes do not change it).
 * - Being a model is a mark on the digest, not on one `put`: a `put` with `asModel` sets it for good
 *   (surviving restarts), a `put` without it never clears it.
 * - A blob is visible to `get`/`has`/`stat` only once `put` has resolved, and never half-written.
 * - `get` verifies the digest of what it read; a corrupted blob throws `ContentCorruptedError`
 *   and is never returned.
 * - Blobs are never deleted or changed by the store itself.
 */
export interface ContentStore {
  put(bytes: Uint8Array, mediaType: string, options?: ContentPutOptions): Promise<ContentDigest>;
  /** The blob, or null when the store does not hold it. */
  get(digest: ContentDigest): Promise<StoredContent | null>;
  has(digest: ContentDigest): Promise<boolean>;
  /** Size, media type and model mark without reading (or verifying) the bytes; null when absent. */
  stat(digest: ContentDigest): Promise<ContentStat | null>;
}

export const CONTENT_STORE = Symbol('ContentStore');

/** The bytes stored under a digest do not hash to it (disk corruption or tampering). */
export class ContentCorruptedError extends AppError {
  constructor(
    readonly digest: ContentDigest,
    readonly actual: ContentDigest,
  ) {
    super('INTERNAL', 'stored content does not match its digest', { digest, actual });
  }
}

/** RFC 6838 `type/subtype` with optional `; name=value` parameters; what `put` accepts. */
const MEDIA_TYPE_PATTERN =
  /^[a-z0-9][a-z0-9!#$&^_.+-]{0,126}\/[a-z0-9][a-z0-9!#$&^_.+-]{0,126}(?:\s*;\s*[a-z0-9!#$&^_.+-]+=(?:[a-z0-9!#$&^_.+-]+|"[^"\\\r\n]*"))*$/i;

export function isValidMediaType(text: string): boolean {
  return text.length <= 255 && MEDIA_TYPE_PATTERN.test(text);
}
