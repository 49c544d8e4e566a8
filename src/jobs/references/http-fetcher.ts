/** Outcome of fetching a URL: data, or a reason and whether trying again later may help. */
export type FetchOutcome =
  | { readonly ok: true; readonly bytes: Uint8Array; readonly mediaType: string }
  | { readonly ok: false; readonly reason: string; readonly retryable: boolean };

export interface FetchOptions {
  /** The body is refused as soon as it exceeds this many bytes (checked while streaming). */
  readonly maxBytes: number;
  /** Aborts the whole fetch, redirects included. */
  readonly signal?: AbortSignal;
}

/**
 * Fetches `https_ref` data. Implementations return failures as data and never throw for network,
 * status or policy errors. Callers may assume the body is complete and within `maxBytes`; nothing
 * about caching or ordering. Disabled unless configured (the resolver holds `null` then).
 */
export interface HttpFetcher {
  fetch(url: URL, options: FetchOptions): Promise<FetchOutcome>;
}

export const HTTP_FETCHER = Symbol('HttpFetcher');
