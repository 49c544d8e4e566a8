import { createPostgresTestDatabase, type TestDatabase } from '../support/databases';
import { startDevnetApi, type DevnetApi } from '../support/devnet-api';
import { ServiceProcess } from '../support/service-process';
import { TcpProxy } from '../support/tcp-proxy';
import { waitFor } from '../support/wait-for';

jest.setTimeout(300_000);

/** Read routes of the store: the frontend's, the job list, the event list. */
const READ_ROUTES = ['/api/mev/savings', '/api/jobs', '/api/providers', '/jobs', '/events'];

/**
 * Found by `npm run test:faults`: during a PostgreSQL restart, GET /api/mev/savings answered 500
 * INTERNAL ("the database system is starting up"). A database that is away is not a bug: every
 * read route answers 503 STORAGE_UNAVAILABLE with Retry-After, and 200 again once it is back.
 * The service reaches PostgreSQL through a loopback proxy the test cuts, as a restart does.
 */
describe('read routes while PostgreSQL is away', () => {
  let chain: DevnetApi;
  let db: TestDatabase;
  let proxy: TcpProxy;
  let service: ServiceProcess | undefined;
  let url: string;

  beforeAll(async () => {
    chain = await startDevnetApi({ instant: false, blockTimeMs: 500 });
    db = await createPostgresTestDatabase();
    const target = new URL(db.url);
    proxy = new TcpProxy(target.hostname, Number(target.port || 5432));
    target.hostname = '127.0.0.1';
    target.port = String(await proxy.start());
    service = new ServiceProcess('storage-outage', {
      DATABASE_URL: target.toString(),
      RPC_URL: chain.devnet.url,
      BLOCK_TIME_MS: '500',
      PORT: '0',
    });
    url = await service.running(180_000);
  });

  afterAll(async () => {
    await service?.kill();
    await proxy?.close();
    await db?.drop();
    await chain?.close();
  });

  const get = async (path: string) => {
    const res = await fetch(`${url}${path}`);
    return {
      status: res.status,
      retryAfter: res.headers.get('retry-after'),
      body: (await res.json()) as { error?: { code: string } },
    };
  };

  it('answers 503 STORAGE_UNAVAILABLE with Retry-After while cut, then 200 once back', async () => {
    for (const path of READ_ROUTES) {
      expect({ path, status: (await get(path)).status }).toEqual({ path, status: 200 });
    }

    await proxy.cut();

    for (const path of READ_ROUTES) {
      const answer = await get(path);
      expect({ path, status: answer.status, code: answer.body.error?.code }).toEqual({
        path,
        status: 503,
        code: 'STORAGE_UNAVAILABLE',
      });
      expect(Number(answer.retryAfter)).toBeGreaterThan(0);
    }
    expect(service!.hasExited).toBe(false);

    await proxy.restore();

    await waitFor(
      async () => (await get(READ_ROUTES[0]!)).status === 200,
      60_000,
      'the read routes to answer again',
      250,
    );
    for (const path of READ_ROUTES) {
      expect({ path, status: (await get(path)).status }).toEqual({ path, status: 200 });
    }
    expect(service!.output).not.toMatch(/"code":"INTERNAL"/);
  });
});
