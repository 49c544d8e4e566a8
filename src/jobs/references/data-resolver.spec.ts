import type { H160 } from '../../contracts';
import { computeContentDigest } from '../../content-store';
import { InMemoryContentStore } from '../../content-store/testing/in-memory-content-store';
import { parseDataRef, type DataRef } from '../../references';
import { DataResolver } from './data-resolver';
import type { FetchOptions, FetchOutcome, HttpFetcher } from './http-fetcher';
import type { DataNftView, NftAccess } from './nft-access';

const ME: H160 = `0x${'11'.repeat(20)}`;
const OTHER: H160 = `0x${'22'.repeat(20)}`;
const bytes = (s: string) => new TextEncoder().encode(s);

class FakeNftAccess implements NftAccess {
  readonly nfts = new Map<bigint, DataNftView>();
  readonly grants = new Set<string>();
  add(tokenId: bigint, dataUri: string, over: Partial<DataNftView> = {}): void {
    this.nfts.set(tokenId, { tokenId, owner: OTHER, dataUri, isBurned: false, ...over });
  }
  getNft(tokenId: bigint) {
    return Promise.resolve(this.nfts.get(tokenId) ?? null);
  }
  hasAccess(tokenId: bigint, account: H160) {
    const nft = this.nfts.get(tokenId);
    return Promise.resolve(
      nft !== undefined && (nft.owner === account || this.grants.has(`${tokenId}:${account}`)),
    );
  }
}

class FakeHttpFetcher implements HttpFetcher {
  readonly calls: { url: string; options: FetchOptions }[] = [];
  constructor(private readonly outcome: FetchOutcome) {}
  fetch(url: URL, options: FetchOptions) {
    this.calls.push({ url: url.href, options });
    return Promise.resolve(this.outcome);
  }
}

function ref(text: string): DataRef {
  const out = parseDataRef(text);
  if (!out.ok) {
    throw new Error(out.reason);
  }
  return out.ref;
}

function setup(http: HttpFetcher | null = null) {
  const store = new InMemoryContentStore();
  const nfts = new FakeNftAccess();
  return { store, nfts, resolver: new DataResolver(store, nfts, http) };
}

const opts = { requester: ME, maxBytes: 1000 };

describe('DataResolver', () => {
  it('resolves a data URL with its digest', async () => {
    const out = await setup().resolver.resolve(ref('data:text/csv,a%2Cb'), opts);
    expect(out).toEqual({
      ok: true,
      bytes: bytes('a,b'),
      mediaType: 'text/csv',
      digest: computeContentDigest(bytes('a,b')),
    });
  });

  it('resolves cas content, and reports missing content as retryable', async () => {
    const { store, resolver } = setup();
    const digest = await store.put(bytes('rows'), 'text/plain');
    expect(await resolver.resolve(ref(`cas:${digest}`), opts)).toMatchObject({ ok: true, digest });
    const missing = computeContentDigest(bytes('nope'));
    expect(await resolver.resolve(ref(`cas:${missing}`), opts)).toMatchObject({
      ok: false,
      retryable: true,
    });
  });

  it('refuses corrupted and oversized content for good', async () => {
    const { store, resolver } = setup();
    const big = await store.put(new Uint8Array(2000), 'application/octet-stream');
    expect(await resolver.resolve(ref(`cas:${big}`), opts)).toMatchObject({
      ok: false,
      retryable: false,
      reason: expect.stringContaining('over the limit of 1000'),
    });
    const digest = await store.put(bytes('x'), 'text/plain');
    store.corrupt(digest);
    expect(await resolver.resolve(ref(`cas:${digest}`), opts)).toMatchObject({
      ok: false,
      retryable: false,
      reason: expect.stringContaining('corrupted'),
    });
  });

  it('follows a data NFT the requester may read to its data_uri', async () => {
    const { store, nfts, resolver } = setup();
    const digest = await store.put(bytes('nft data'), 'text/plain');
    nfts.add(5n, `cas:${digest}`, { owner: ME });
    nfts.add(6n, 'data:,granted');
    nfts.grants.add(`6:${ME}`);
    expect(await resolver.resolve(ref('nft:5'), opts)).toMatchObject({ ok: true, digest });
    expect(await resolver.resolve(ref('nft:6'), opts)).toMatchObject({ ok: true });
  });

  it.each([
    ['no access', (n: FakeNftAccess) => n.add(5n, 'data:,x'), 'has no access'],
    ['burned', (n: FakeNftAccess) => n.add(5n, 'data:,x', { owner: ME, isBurned: true }), 'burned'],
    ['missing', () => undefined, 'does not exist'],
    ['nested', (n: FakeNftAccess) => n.add(5n, 'nft:6', { owner: ME }), 'only one level'],
    ['bad uri', (n: FakeNftAccess) => n.add(5n, 'ipfs://x', { owner: ME }), 'unusable data_uri'],
  ])('refuses a data NFT: %s', async (_name, arrange, hint) => {
    const { nfts, resolver } = setup();
    arrange(nfts);
    expect(await resolver.resolve(ref('nft:5'), opts)).toEqual({
      ok: false,
      retryable: false,
      reason: expect.stringContaining(hint),
    });
  });

  it('refuses https when no fetcher is configured', async () => {
    const out = await setup().resolver.resolve(ref('https://example.com/d'), opts);
    expect(out).toEqual({
      ok: false,
      retryable: false,
      reason: 'https data references are disabled on this service',
    });
  });

  it('fetches https through the fetcher with the size limit and passes failures on', async () => {
    const ok = new FakeHttpFetcher({ ok: true, bytes: bytes('web'), mediaType: 'text/plain' });
    const out = await setup(ok).resolver.resolve(ref('https://example.com/d'), opts);
    expect(out).toMatchObject({ ok: true, mediaType: 'text/plain' });
    expect(ok.calls[0]).toMatchObject({
      url: 'https://example.com/d',
      options: { maxBytes: 1000 },
    });

    const down = new FakeHttpFetcher({ ok: false, reason: 'HTTP 503', retryable: true });
    expect(await setup(down).resolver.resolve(ref('https://example.com/d'), opts)).toEqual({
      ok: false,
      reason: 'HTTP 503',
      retryable: true,
    });
  });

  it('follows an NFT to https only when https is enabled', async () => {
    const { nfts, resolver } = setup();
    nfts.add(5n, 'https://example.com/d', { owner: ME });
    expect(await resolver.resolve(ref('nft:5'), opts)).toMatchObject({
      ok: false,
      reason: expect.stringContaining('disabled'),
    });
  });

  it('returns at once when the signal is already aborted', async () => {
    const controller = new AbortController();
    controller.abort();
    const out = await setup().resolver.resolve(ref('data:,x'), {
      ...opts,
      signal: controller.signal,
    });
    expect(out).toEqual({ ok: false, reason: 'aborted', retryable: true });
  });
});
