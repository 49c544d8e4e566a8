import { computeContentDigest, type ContentDigest } from '../content-digest';
import {
  ContentCorruptedError,
  type ContentPutOptions,
  type ContentStat,
  type ContentStore,
  type StoredContent,
} from '../content-store';

/** `ContentStore` in memory, for unit tests; `corrupt()` flips a byte to test the verify path. */
export class InMemoryContentStore implements ContentStore {
  private readonly blobs = new Map<
    ContentDigest,
    { bytes: Uint8Array; mediaType: string; isModel: boolean }
  >();

  put(
    bytes: Uint8Array,
    mediaType: string,
    options: ContentPutOptions = {},
  ): Promise<ContentDigest> {
    const digest = computeContentDigest(bytes);
    const blob = this.blobs.get(digest) ?? {
      bytes: Uint8Array.from(bytes),
      mediaType,
      isModel: false,
    };
    blob.isModel ||= options.asModel === true;
    this.blobs.set(digest, blob);
    return Promise.resolve(digest);
  }

  get(digest: ContentDigest): Promise<StoredContent | null> {
    const blob = this.blobs.get(digest);
    if (blob === undefined) {
      return Promise.resolve(null);
    }
    const actual = computeContentDigest(blob.bytes);
    if (actual !== digest) {
      return Promise.reject(new ContentCorruptedError(digest, actual));
    }
    const bytes = Uint8Array.from(blob.bytes);
    const { mediaType, isModel } = blob;
    return Promise.resolve({ digest, size: bytes.byteLength, mediaType, isModel, bytes });
  }

  has(digest: ContentDigest): Promise<boolean> {
    return Promise.resolve(this.blobs.has(digest));
  }

  stat(digest: ContentDigest): Promise<ContentStat | null> {
    const blob = this.blobs.get(digest);
    return Promise.resolve(
      blob === undefined
        ? null
        : {
            digest,
            size: blob.bytes.byteLength,
            mediaType: blob.mediaType,
            isModel: blob.isModel,
          },
    );
  }

  /** Test hook: damage a stored blob in place. */
  corrupt(digest: ContentDigest): void {
    const blob = this.blobs.get(digest);
    if (blob !== undefined && blob.bytes.byteLength > 0) {
      blob.bytes[0] = (blob.bytes[0] ?? 0) ^ 0xff;
    }
  }
}
