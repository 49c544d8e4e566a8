/*
 * The ports under `SafeHttpsFetcher`: name resolution and one pinned HTTPS request. Their node
 * adapters (node:dns, node:https) live in adapters/; the composition root wires them.
 */

/** One HTTPS request to an address already checked by the caller. */
export interface TransportRequest {
  readonly url: URL;
  /** The connection goes to this address, whatever DNS says now (no rebinding between check and use). */
  readonly address: string;
  readonly family: 4 | 6;
  readonly signal: AbortSignal;
}

export interface TransportResponse {
  readonly status: number;
  readonly location: string | null;
  readonly contentType: string | null;
  readonly contentLength: number | null;
  readonly body: AsyncIterable<Uint8Array>;
  /** Drops the connection without reading the rest of the body. */
  close(): void;
}

/**
 * The lower-level fetch under `SafeHttpsFetcher` (port; `nodeHttpsTransport` in adapters/ implements
 * it over node:https); injectable so tests need no network.
 */
export type HttpsTransport = (req: TransportRequest) => Promise<TransportResponse>;

export interface ResolvedAddress {
  readonly address: string;
  readonly family: 4 | 6;
}

/** Every address a host name resolves to (`systemHostResolver` in adapters/ asks node:dns). */
export type HostResolver = (hostname: string) => Promise<ResolvedAddress[]>;
