import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { H160 } from '../contracts/types';
import type { ProjectedJob } from '../projections';
import { Secret } from '../shared/secret';
import { migrateToLatest, openDatabase, SqlStorage, type Database } from '../storage';
import { waitFor } from '../../test/support/wait-for';
import { startApiServer, type ApiServer } from './api-server';
import { mintApiToken, type ApiScope } from './auth';
import { OWNER_SIGNATURE_HEADER } from './auth/owner-signature-header';
import { FakeApiWorld, TEST_API_CONFIG } from './testing/fake-api-dependencies';

/**
 * GET /jobs/:id is answered by a Fastify handler outside Nest's pipeline (ADR 0022). Every answer
 * is checked against what a Nest route of the same controller answers in the same situation
 * (GET /jobs/:id/status, /timeline, /jobs): same status, error shape, headers and request line.
 */
const SECRET = new Secret('a5tUdbcx0Edu3_n4bmGd52yS-IQYQ9BIp9kmVnS9Ozo');
const OWNER: H160 = `0x${'ab'.repeat(20)}`;
const PROVIDER: H160 = `0x${'cd'.repeat(20)}`;
const ORIGIN = 'http://localhost:3001';

function job(id: bigint, overrides: Partial<ProjectedJob> = {}): ProjectedJob {
  return {
    id,
    owner: OWNER,
    modelRef: 'ocr:pp-ocrv4',
    dataRef: `cas:sha256:${'12'.repeat(32)}`,
    budget: 10n ** 18n,
    status: 'Completed',
    assignedProvider: PROVIDER,
    deadline: 1_000_000,
    privacyRequired: false,
    resultHash: `sha256:${'34'.repeat(32)}`,
    completedBy: PROVIDER,
    cancelCount: 0,
    submittedBlock: 100n,
    updated: { block: 140n, seq: 3 },
    ...overrides,
  };
}

function token(scopes: ApiScope[]): string {
  return `Bearer ${mintApiToken(SECRET, { sub: 'spec', scopes, ttlSeconds: 600 })}`;
}

interface Answer {
  readonly status: number;
  readonly headers: Headers;
  readonly body: Record<string, unknown>;
}

async function get(server: ApiServer, path: string, headers: Record<string, string> = {}) {
  const res = await fetch(`${server.url}${path}`, { headers });
  return { status: res.status, headers: res.headers, body: (await res.json()) as never } as Answer;
}

/** An error body without its per-answer errorId. */
function errorOf(answer: Answer): Record<string, unknown> {
  const { errorId, ...rest } = answer.body['error'] as Record<string, unknown>;
  expect(typeof errorId).toBe('string');
  return rest;
}

describe('GET /jobs/:id outside Nest (real SQLite)', () => {
  let dir: string;
  let database: Database;
  let storage: SqlStorage;
  let world: FakeApiWorld;
  let server: ApiServer;
  // the runtime's classifier, for this file: every storage error is an outage once it is closed
  let isDatabaseClosed = false;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'polkamesh-direct-job-read-'));
    database = await openDatabase(`sqlite:${join(dir, 'api.db')}`);
    await migrateToLatest(database);
    storage = new SqlStorage(database);
    await storage.projections.upsertJob(job(7n));
    await storage.projections.upsertEscrow({
      jobId: 7n,
      owner: OWNER,
      provider: PROVIDER,
      amount: 5n,
      released: true,
      refunded: false,
      depositedBlock: 101n,
      updated: { block: 150n, seq: 1 },
    });
    await storage.projections.upsertJob(job(8n, { privacyRequired: true }));
    world = new FakeApiWorld();
    server = await startApiServer(
      world.deps({ store: storage, isStorageOutage: () => isDatabaseClosed }),
      { ...TEST_API_CONFIG, jwtSecret: SECRET },
    );
  });

  afterAll(async () => {
    await server.close();
    if (!isDatabaseClosed) {
      await database.close();
    }
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers the job with its escrow, as the Nest listing of the same job does', async () => {
    const one = await get(server, '/jobs/7');
    const listed = await get(server, '/jobs?owner=' + OWNER);
    expect(one.status).toBe(200);
    expect(one.headers.get('content-type')).toBe('application/json; charset=utf-8');
    const item = (listed.body['items'] as Record<string, unknown>[]).find((i) => i['id'] === '7');
    expect(one.body).toEqual(item);
    // key order too: the bytes are the response schema's order, as the serializer writes them
    expect(JSON.stringify(one.body)).toBe(JSON.stringify(item));
    expect(one.body).toMatchObject({
      id: '7',
      budget: '1000000000000000000',
      areRefsWithheld: false,
      escrow: { amount: '5', released: true, depositedBlock: '101' },
    });
  });

  it('echoes the request id and sends the CORS and rate-limit headers the Nest routes send', async () => {
    const headers = { origin: ORIGIN, 'x-request-id': 'direct-1' };
    const direct = await get(server, '/jobs/7', headers);
    const nest = await get(server, '/jobs/7/status', headers);
    expect(direct.headers.get('x-request-id')).toBe('direct-1');
    const names = (a: Answer) =>
      [...a.headers.keys()].filter((k) => !['content-length', 'date'].includes(k)).sort();
    expect(names(direct)).toEqual(names(nest));
    for (const name of [
      'access-control-allow-origin',
      'access-control-allow-credentials',
      'access-control-expose-headers',
      'vary',
      'x-ratelimit-limit',
    ]) {
      expect(direct.headers.get(name)).toBe(nest.headers.get(name));
    }
  });

  it('answers a bad id, an unknown job and a private job like the Nest routes of the same job', async () => {
    const cases: [string, Record<string, string>][] = [
      ['abc', {}],
      [`${2n ** 128n}`, {}],
      ['999', {}],
      ['8', { authorization: 'Bearer not-a-token' }],
      ['8', { authorization: token(['jobs:operate']) }],
      ['8', { [OWNER_SIGNATURE_HEADER]: 'signer=x; message=y; signature=z' }],
    ];
    for (const [id, headers] of cases) {
      const direct = await get(server, `/jobs/${id}`, headers);
      // /timeline makes the same private-read decision (PrivateRead) after the same lookup
      const nest = await get(server, `/jobs/${id}/timeline`, headers);
      expect([id, direct.status]).toEqual([id, nest.status]);
      expect(errorOf(direct)).toEqual(errorOf(nest));
      expect(direct.headers.get('www-authenticate')).toBe(nest.headers.get('www-authenticate'));
    }
    expect((await get(server, '/jobs/abc')).body).toMatchObject({
      error: { code: 'VALIDATION_FAILED', details: { fields: [{ field: 'id' }] } },
    });
    expect((await get(server, '/jobs/999')).status).toBe(404);
  });

  it("withholds a private job's references unless its reader shows a jobs:read-private token", async () => {
    const anonymous = await get(server, '/jobs/8');
    expect(anonymous.status).toBe(200);
    expect(anonymous.body).toMatchObject({
      modelRef: 'withheld',
      dataRef: 'withheld',
      areRefsWithheld: true,
      privacyRequired: true,
    });
    const operator = await get(server, '/jobs/8', { authorization: token(['jobs:read-private']) });
    expect(operator.body).toMatchObject({
      modelRef: 'ocr:pp-ocrv4',
      areRefsWithheld: false,
    });
    const other = await get(server, '/jobs/8', { authorization: token(['jobs:operate']) });
    expect(other.status).toBe(403);
    const owner = await get(server, '/jobs/8', {
      [OWNER_SIGNATURE_HEADER]: 'signer=x; message=y; signature=z',
    });
    // this instance runs no job engine: it takes no owner signatures
    expect(owner.status).toBe(401);
    expect(owner.body).toMatchObject({ error: { details: { reason: 'owner-proofs-disabled' } } });
  });

  it('writes the request line pino-http writes for a Nest route, secrets redacted', async () => {
    const secret = token(['jobs:read-private']);
    const headers = { authorization: secret, [OWNER_SIGNATURE_HEADER]: 'signer=s3cr3t' };
    await get(server, '/jobs/999', { ...headers, 'x-request-id': 'line-direct' });
    await get(server, '/jobs/999/status', { ...headers, 'x-request-id': 'line-nest' });
    const lineOf = (id: string) =>
      waitFor(
        () =>
          world.logLines.find(
            (l) => (l['req'] as { id?: string } | undefined)?.id === id && 'responseTime' in l,
          ),
        5_000,
        `the request line of ${id}`,
      );
    const direct = await lineOf('line-direct');
    const nest = await lineOf('line-nest');
    const shape = (line: Record<string, unknown>) => ({
      keys: Object.keys(line).sort(),
      req: Object.keys(line['req'] as object).sort(),
      res: Object.keys((line['res'] as { headers: object }).headers).sort(),
      level: line['level'],
      name: line['name'],
      msg: line['msg'],
    });
    expect(shape(direct)).toEqual(shape(nest));
    expect(direct).toMatchObject({ level: 'info', res: { statusCode: 404 } });
    expect((direct['req'] as { headers: Record<string, string> }).headers).toMatchObject({
      authorization: '[redacted]',
      'x-polkamesh-owner-signature': '[redacted]',
    });
    const written = JSON.stringify(world.logLines);
    expect(written).not.toContain(secret.slice('Bearer '.length));
    expect(written).not.toContain('s3cr3t');
  });

  it('answers a row the response schema refuses with the generic 500 and logs it with the request id', async () => {
    await storage.projections.upsertJob(job(9n, { cancelCount: -1 }));
    const direct = await get(server, '/jobs/9', { 'x-request-id': 'bad-row' });
    const nest = await get(server, `/jobs?owner=${OWNER}`);
    expect(direct.status).toBe(500);
    expect(errorOf(direct)).toEqual(errorOf(nest));
    const errorId = (direct.body['error'] as { errorId: string }).errorId;
    const logged = await waitFor(
      () => world.logLines.find((l) => l['errorId'] === errorId),
      5_000,
      'the 500 line',
    );
    expect(logged).toMatchObject({
      level: 'error',
      name: 'api:http',
      context: 'api:errors',
      req: { id: 'bad-row' },
      msg: 'request failed',
    });
  });

  // last: it closes the database
  it('answers 503 STORAGE_UNAVAILABLE with Retry-After when the database is away, as the Nest routes do', async () => {
    isDatabaseClosed = true;
    await database.close();
    const direct = await get(server, '/jobs/7');
    const nest = await get(server, '/jobs/7/status');
    expect(direct.status).toBe(503);
    expect(errorOf(direct)).toEqual(errorOf(nest));
    expect(errorOf(direct)).toMatchObject({ code: 'STORAGE_UNAVAILABLE' });
    expect(direct.headers.get('retry-after')).toBe(nest.headers.get('retry-after'));
  });
});

describe('GET /jobs/:id outside Nest: the rate limit', () => {
  let server: ApiServer;

  beforeAll(async () => {
    server = await startApiServer(new FakeApiWorld().deps(), {
      ...TEST_API_CONFIG,
      rateLimitPerMinute: 3,
    });
  });
  afterAll(() => server.close());

  it('counts API_RATE_LIMIT per route and answers 429 like the Nest routes', async () => {
    const direct: Answer[] = [];
    const nest: Answer[] = [];
    for (let i = 0; i < 4; i++) {
      direct.push(await get(server, '/jobs/1'));
      nest.push(await get(server, '/jobs/1/status'));
    }
    expect(direct.map((a) => a.status)).toEqual([404, 404, 404, 429]);
    expect(nest.map((a) => a.status)).toEqual(direct.map((a) => a.status));
    const remaining = (answers: Answer[]) =>
      answers.slice(0, 3).map((a) => a.headers.get('x-ratelimit-remaining'));
    expect(remaining(direct)).toEqual(['2', '1', '0']);
    expect(remaining(direct)).toEqual(remaining(nest));
    expect(errorOf(direct[3]!)).toEqual(errorOf(nest[3]!));
    expect(errorOf(direct[3]!)).toMatchObject({ code: 'RATE_LIMITED' });
    expect(direct[3]!.headers.get('retry-after')).toBe(nest[3]!.headers.get('retry-after'));
    // HEAD is the GET route's own: the same window, as Nest's guard keyed by handler kept it
    const head = await fetch(`${server.url}/jobs/1`, { method: 'HEAD' });
    expect(head.status).toBe(429);
  });
});
