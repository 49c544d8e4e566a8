import { isIP } from 'node:net';
import type { FetchOptions, FetchOutcome, HttpFetcher } from './http-fetcher';
import type { HostResolver, HttpsTransport, ResolvedAddress } from './https-transport';
import { refusedAddressReason } from './ip-address-policy';

export interface SafeHttpsFetcherOptions {
  /** Whole fetch, redirects included. */
  readonly timeoutMs: number;
  /** Default 3. */
  readonly maxRedirects?: number;
  /** `systemHostResolver` (adapters/) in the service. */
  readonly resolveHost: HostResolver;
  /** `nodeHttpsTransport` (adapters/) in the service. */
  readonly transport: HttpsTransport;
}

type Hop = { ok: true; target: ResolvedAddress } | { ok: false; reason: string };

/**
 * `HttpFetcher` that cannot be turned against the service's own network (SSRF): https only, no
 * credentials in URLs; the host is resolved and refused if *any* of its addresses is loopback,
 * private, link-local, unique-local, multicast or otherwise not public (IPv4-mapped IPv6 included),
 * and the connection is pinned to the checked address. Each redirect (at most `maxRedirects`) is
 * checked the same way. The body is counted while streaming and cut at `maxBytes`; the whole fetch
 * is aborted after `timeoutMs` or when the caller's signal fires.
 */
export class SafeHttpsFetcher implements HttpFetcher {
  private readonly maxRedirects: number;
  private readonly resolveHost: HostResolver;
  private readonly transport: HttpsTransport;

  constructor(private readonly options: SafeHttpsFetcherOptions) {
    this.maxRedirects = options.maxRedirects ?? 3;
    this.resolveHost = options.resolveHost;
    this.transport = options.transport;
  }

  async fetch(url: URL, { maxBytes, signal }: FetchOptions): Promise<FetchOutcome> {
    const timeout = AbortSignal.timeout(this.options.timeoutMs);
    const combined = signal === undefined ? timeout : AbortSignal.any([signal, timeout]);
    try {
      return await this.follow(url, maxBytes, combined);
    } catch (err) {
      if (timeout.aborted) {
        return fail(`timed out after ${this.options.timeoutMs} ms`, true);
      }
      if (combined.aborted) {
        return fail('aborted', true);
      }
      return fail(`fetch failed: ${err instanceof Error ? err.message : String(err)}`, true);
    }
  }

  private async follow(start: URL, maxBytes: number, signal: AbortSignal): Promise<FetchOutcome> {
    let url = start;
    for (let redirects = 0; ; redirects++) {
      const hop = await this.checkTarget(url);
      if (!hop.ok) {
        return fail(hop.reason, false);
      }
      signal.throwIfAborted();
      const res = await this.transport({ url, ...hop.target, signal });
      if (res.status >= 300 && res.status < 400 && res.location !== null) {
        res.close();
        if (redirects >= this.maxRedirects) {
          return fail(`more than ${this.maxRedirects} redirects`, false);
        }
        url = new URL(res.location, url);
        continue;
      }
      if (res.status < 200 || res.status >= 300) {
        res.close();
        return fail(`HTTP ${res.status}`, res.status === 429 || res.status >= 500);
      }
      if (res.contentLength !== null && res.contentLength > maxBytes) {
        res.close();
        return tooLarge(maxBytes);
      }
      return readLimited(res.body, maxBytes, res.contentType, () => res.close());
    }
  }

  private async checkTarget(url: URL): Promise<Hop> {
    if (url.protocol !== 'https:') {
      return { ok: false, reason: `refused ${url.protocol} URL: only https is fetched` };
    }
    if (url.username !== '' || url.password !== '') {
      return { ok: false, reason: 'refused URL with credentials' };
    }
    const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
    if (host === 'localhost' || host.endsWith('.localhost')) {
      return { ok: false, reason: `refused host ${host}: loopback` };
    }
    const family = isIP(host);
    const addresses: ResolvedAddress[] =
      family === 4 || family === 6 ? [{ address: host, family }] : await this.resolveHost(host);
    const [first] = addresses;
    if (first === undefined) {
      return { ok: false, reason: `host ${host} has no address` };
    }
    for (const { address } of addresses) {
      const refused = refusedAddressReason(address);
      if (refused !== null) {
        return { ok: false, reason: `refused host ${host}: ${address} is ${refused}` };
      }
    }
    return { ok: true, target: first };
  }
}

async function readLimited(
  body: AsyncIterable<Uint8Array>,
  maxBytes: number,
  contentType: string | null,
  close: () => void,
): Promise<FetchOutcome> {
  const chunks: Uint8Array[] = [];
  let total = 0;
  for await (const chunk of body) {
    total += chunk.byteLength;
    if (total > maxBytes) {
      close();
      return tooLarge(maxBytes);
    }
    chunks.push(chunk);
  }
  const mediaType = contentType?.trim() || 'application/octet-stream';
  return { ok: true, bytes: new Uint8Array(Buffer.concat(chunks)), mediaType };
}

function tooLarge(maxBytes: number): FetchOutcome {
  return fail(`response body is larger than ${maxBytes} bytes`, false);
}

function fail(reason: string, retryable: boolean): FetchOutcome {
  return { ok: false, reason, retryable };
}
