import type {
  HostResolver,
  HttpsTransport,
  TransportRequest,
  TransportResponse,
} from './https-transport';
import { SafeHttpsFetcher } from './safe-https-fetcher';

const publicDns: HostResolver = () => Promise.resolve([{ address: '93.184.216.34', family: 4 }]);

function response(over: Partial<TransportResponse> = {}): TransportResponse {
  return {
    status: 200,
    location: null,
    contentType: 'text/plain',
    contentLength: null,
    body: chunks([]),
    close: () => undefined,
    ...over,
  };
}

async function* chunks(parts: string[]): AsyncIterable<Uint8Array> {
  for (const part of parts) {
    await Promise.resolve();
    yield new TextEncoder().encode(part);
  }
}

function recording(
  reply: (req: TransportRequest) => TransportResponse | Promise<TransportResponse>,
) {
  const calls: TransportRequest[] = [];
  const transport: HttpsTransport = async (req) => {
    calls.push(req);
    return reply(req);
  };
  return { calls, transport };
}

const never: HttpsTransport = () => Promise.reject(new Error('transport must not be called'));

describe('SafeHttpsFetcher refusals (no connection is made)', () => {
  const fetcher = (resolveHost: HostResolver = publicDns) =>
    new SafeHttpsFetcher({ timeoutMs: 1000, resolveHost, transport: never });
  const get = (f: SafeHttpsFetcher, url: string) => f.fetch(new URL(url), { maxBytes: 100 });

  it.each([
    ['https://127.0.0.1/x', 'loopback'],
    ['https://[::1]/x', 'loopback'],
    ['https://[::ffff:127.0.0.1]/x', 'IPv4-mapped loopback'],
    ['https://10.0.0.5/x', 'private'],
    ['https://169.254.169.254/latest/meta-data', 'link-local'],
    ['https://localhost/x', 'loopback'],
    ['https://2130706433/x', 'loopback'],
  ])('refuses %s', async (url, why) => {
    const out = await get(fetcher(), url);
    expect(out).toEqual({ ok: false, retryable: false, reason: expect.stringContaining(why) });
  });

  it('refuses non-https URLs', async () => {
    const out = await get(fetcher(), 'http://example.com/x');
    expect(out).toMatchObject({ ok: false, reason: expect.stringContaining('only https') });
  });

  it('refuses credentials in the URL', async () => {
    const out = await get(fetcher(), 'https://user:pw@example.com/x');
    expect(out).toMatchObject({ ok: false, reason: 'refused URL with credentials' });
  });

  it('refuses a host when any of its addresses is private (DNS answers checked)', async () => {
    const mixed: HostResolver = () =>
      Promise.resolve([
        { address: '93.184.216.34', family: 4 },
        { address: 'fd00::1', family: 6 },
      ]);
    const out = await get(fetcher(mixed), 'https://internal.example/x');
    expect(out).toMatchObject({ ok: false, reason: expect.stringContaining('unique-local') });
  });
});

describe('SafeHttpsFetcher through an injected transport', () => {
  it('pins the connection to the checked address and returns the body', async () => {
    const { calls, transport } = recording(() => response({ body: chunks(['he', 'llo']) }));
    const f = new SafeHttpsFetcher({ timeoutMs: 1000, resolveHost: publicDns, transport });
    const out = await f.fetch(new URL('https://example.com/a'), { maxBytes: 100 });
    expect(out).toMatchObject({ ok: true, mediaType: 'text/plain' });
    expect(out.ok && Buffer.from(out.bytes).toString()).toBe('hello');
    expect(calls[0]).toMatchObject({ address: '93.184.216.34', family: 4 });
  });

  it('re-checks the target after a redirect and refuses a private one', async () => {
    const { calls, transport } = recording(() =>
      response({ status: 302, location: 'https://192.168.0.1/admin' }),
    );
    const f = new SafeHttpsFetcher({ timeoutMs: 1000, resolveHost: publicDns, transport });
    const out = await f.fetch(new URL('https://example.com/a'), { maxBytes: 100 });
    expect(out).toMatchObject({ ok: false, reason: expect.stringContaining('private') });
    expect(calls).toHaveLength(1);
  });

  it('refuses a redirect to http', async () => {
    const { transport } = recording(() =>
      response({ status: 301, location: 'http://example.com/' }),
    );
    const f = new SafeHttpsFetcher({ timeoutMs: 1000, resolveHost: publicDns, transport });
    const out = await f.fetch(new URL('https://example.com/a'), { maxBytes: 100 });
    expect(out).toMatchObject({ ok: false, reason: expect.stringContaining('only https') });
  });

  it('follows at most 3 redirects', async () => {
    const { calls, transport } = recording((req) =>
      response({ status: 302, location: `${req.url.pathname}x` }),
    );
    const f = new SafeHttpsFetcher({ timeoutMs: 1000, resolveHost: publicDns, transport });
    const out = await f.fetch(new URL('https://example.com/a'), { maxBytes: 100 });
    expect(out).toMatchObject({ ok: false, reason: 'more than 3 redirects' });
    expect(calls).toHaveLength(4);
  });

  it('cuts the body while streaming once it exceeds maxBytes', async () => {
    let closed = false;
    let produced = 0;
    async function* endless(): AsyncIterable<Uint8Array> {
      for (;;) {
        await Promise.resolve();
        produced += 10;
        yield new Uint8Array(10);
      }
    }
    const { transport } = recording(() =>
      response({ body: endless(), close: () => (closed = true) }),
    );
    const f = new SafeHttpsFetcher({ timeoutMs: 1000, resolveHost: publicDns, transport });
    const out = await f.fetch(new URL('https://example.com/big'), { maxBytes: 25 });
    expect(out).toMatchObject({
      ok: false,
      retryable: false,
      reason: expect.stringContaining('25'),
    });
    expect(closed).toBe(true);
    expect(produced).toBe(30);
  });

  it('refuses early on a Content-Length over the limit', async () => {
    const { transport } = recording(() => response({ contentLength: 1_000_000 }));
    const f = new SafeHttpsFetcher({ timeoutMs: 1000, resolveHost: publicDns, transport });
    const out = await f.fetch(new URL('https://example.com/big'), { maxBytes: 25 });
    expect(out).toMatchObject({ ok: false, reason: expect.stringContaining('larger than 25') });
  });

  it('times out through the AbortSignal', async () => {
    const hanging: HttpsTransport = ({ signal }) =>
      new Promise((_resolve, reject) =>
        signal.addEventListener('abort', () => reject(new Error('aborted'))),
      );
    const f = new SafeHttpsFetcher({ timeoutMs: 20, resolveHost: publicDns, transport: hanging });
    const out = await f.fetch(new URL('https://example.com/slow'), { maxBytes: 25 });
    expect(out).toEqual({ ok: false, retryable: true, reason: 'timed out after 20 ms' });
  });

  it('stops when the caller aborts', async () => {
    const controller = new AbortController();
    const hanging: HttpsTransport = ({ signal }) =>
      new Promise((_resolve, reject) => {
        signal.addEventListener('abort', () => reject(new Error('aborted')));
        controller.abort();
      });
    const f = new SafeHttpsFetcher({ timeoutMs: 5000, resolveHost: publicDns, transport: hanging });
    const out = await f.fetch(new URL('https://example.com/slow'), {
      maxBytes: 25,
      signal: controller.signal,
    });
    expect(out).toEqual({ ok: false, retryable: true, reason: 'aborted' });
  });

  it('reports 5xx as retryable and 4xx as final', async () => {
    for (const [status, retryable] of [
      [503, true],
      [404, false],
    ] as const) {
      const { transport } = recording(() => response({ status }));
      const f = new SafeHttpsFetcher({ timeoutMs: 1000, resolveHost: publicDns, transport });
      const out = await f.fetch(new URL('https://example.com/a'), { maxBytes: 25 });
      expect(out).toEqual({ ok: false, retryable, reason: `HTTP ${status}` });
    }
  });
});
