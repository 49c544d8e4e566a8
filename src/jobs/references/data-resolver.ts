import type { H160 } from '../../contracts';
import {
  ContentCorruptedError,
  computeContentDigest,
  type ContentDigest,
  type ContentStore,
} from '../../content-store';
import { parseDataRef, type DataRef } from '../../references';
import type { HttpFetcher } from './http-fetcher';
import type { NftAccess } from './nft-access';

export interface ResolveOptions {
  /** The job owner; must have access to an `nft:` reference. */
  readonly requester: H160;
  /** Data larger than this is refused (not retryable). */
  readonly maxBytes: number;
  readonly signal?: AbortSignal;
}

export type ResolvedData =
  | {
      readonly ok: true;
      readonly bytes: Uint8Array;
      readonly mediaType: string;
      /** SHA-256 of `bytes`, for the attestation. */
      readonly digest: ContentDigest;
    }
  | { readonly ok: false; readonly reason: string; readonly retryable: boolean };

/**
 * Turns a parsed `data_ref` into bytes. Failures are data: `retryable` says whether the same
 * reference may resolve later (content not uploaded yet, network trouble), or never will (no
 * access, burned NFT, too large, corrupted, disabled). An `nft:` reference is followed once, to the
 * NFT's `data_uri`, which must be a `data:`, `cas:` or `https:` reference. Unexpected port errors
 * (a database down) are thrown; the dispatcher counts a throw as retryable.
 */
export class DataResolver {
  constructor(
    private readonly contents: ContentStore,
    private readonly nfts: NftAccess,
    /** null: https data references are disabled (the default). */
    private readonly http: HttpFetcher | null,
  ) {}

  async resolve(ref: DataRef, options: ResolveOptions): Promise<ResolvedData> {
    if (options.signal?.aborted === true) {
      return fail('aborted', true);
    }
    switch (ref.kind) {
      case 'data-url':
        return this.found(ref.bytes, ref.mediaType, options.maxBytes);
      case 'cas':
        return this.fromStore(ref.digest, options.maxBytes);
      case 'https':
        return this.fromHttps(ref.url, options);
      case 'nft':
        return this.fromNft(ref.tokenId, options);
    }
  }

  private found(bytes: Uint8Array, mediaType: string, maxBytes: number): ResolvedData {
    if (bytes.byteLength > maxBytes) {
      return fail(`data is ${bytes.byteLength} bytes, over the limit of ${maxBytes}`, false);
    }
    return { ok: true, bytes, mediaType, digest: computeContentDigest(bytes) };
  }

  private async fromStore(digest: ContentDigest, maxBytes: number): Promise<ResolvedData> {
    const stat = await this.contents.stat(digest);
    if (stat === null) {
      return fail(`content ${digest} is not in the content store (yet)`, true);
    }
    if (stat.size > maxBytes) {
      return fail(`content ${digest} is ${stat.size} bytes, over the limit of ${maxBytes}`, false);
    }
    try {
      const content = await this.contents.get(digest);
      if (content === null) {
        return fail(`content ${digest} is not in the content store (yet)`, true);
      }
      return this.found(content.bytes, content.mediaType, maxBytes);
    } catch (err) {
      if (err instanceof ContentCorruptedError) {
        return fail(`content ${digest} is corrupted in the content store`, false);
      }
      throw err;
    }
  }

  private async fromHttps(url: URL, options: ResolveOptions): Promise<ResolvedData> {
    if (this.http === null) {
      return fail('https data references are disabled on this service', false);
    }
    const fetched = await this.http.fetch(url, {
      maxBytes: options.maxBytes,
      ...(options.signal === undefined ? {} : { signal: options.signal }),
    });
    return fetched.ok ? this.found(fetched.bytes, fetched.mediaType, options.maxBytes) : fetched;
  }

  private async fromNft(tokenId: bigint, options: ResolveOptions): Promise<ResolvedData> {
    const nft = await this.nfts.getNft(tokenId);
    if (nft === null) {
      return fail(`data NFT ${tokenId} does not exist`, false);
    }
    if (nft.isBurned) {
      return fail(`data NFT ${tokenId} is burned`, false);
    }
    if (!(await this.nfts.hasAccess(tokenId, options.requester))) {
      return fail(`${options.requester} has no access to data NFT ${tokenId}`, false);
    }
    const inner = parseDataRef(nft.dataUri);
    if (!inner.ok) {
      return fail(`data NFT ${tokenId} has an unusable data_uri: ${inner.reason}`, false);
    }
    if (inner.ref.kind === 'nft') {
      return fail(`data NFT ${tokenId} points at another NFT; only one level is followed`, false);
    }
    return this.resolve(inner.ref, options);
  }
}

function fail(reason: string, retryable: boolean): ResolvedData {
  return { ok: false, reason, retryable };
}
