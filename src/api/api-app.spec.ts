import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createApiApp } from './api-server';
import { SettlementCallService } from '../settlement';
import type { ApiJobServices } from './api-options';
import {
  EMPTY_PROJECTIONS,
  FakeApiWorld,
  newChainEvent,
  newEndpoint,
  PASEO_ADDRESSES,
  TEST_API_CONFIG,
} from './testing/fake-api-dependencies';

describe('API app (in-memory store and chain)', () => {
  let world: FakeApiWorld;
  let app: NestFastifyApplication;

  beforeAll(async () => {
    world = new FakeApiWorld();
    world.endpoints = [newEndpoint()];
    world.cursors.finalized = {
      lane: 'finalized',
      block: { number: 8n, hash: '0x08' },
      version: 3,
      updatedAt: new Date(0),
    };
    world.events = [
      newChainEvent(),
      newChainEvent({
        id: 'evt-2',
        block: { number: 7n, hash: `0x${'07'.repeat(32)}` },
        eventName: 'JobCompleted',
        decoded: { jobId: '1', provider: '0x00', resultHash: 'r' },
      }),
    ];
    app = await createApiApp(world.deps(), TEST_API_CONFIG);
    await app.getHttpAdapter().getInstance().ready();
  });
  afterAll(() => app.close());

  const get = (url: string, headers: Record<string, string> = {}) =>
    app.inject({ method: 'GET', url, headers });

  it('serves /health from stored events', async () => {
    const res = await get('/health');
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.status).toBe('ok');
    // the README's shape: one submitted job, completed 2 blocks later at the default 6 s blocks
    expect(body.performance).toEqual({
      totalJobs: 1,
      successRate: '100.0%',
      avgProcessingTime: '12.0s',
    });
    // the fake chain refuses the dry-run origin (AccountUnmapped): nothing is known of them
    expect(body.contracts).toEqual({
      paymentEscrow: 'unknown',
      jobQueue: 'unknown',
      phalaProcessor: 'unknown',
      mevProtection: 'unknown',
      computeProviderRegistry: 'unknown',
      dataNftRegistry: 'unknown',
    });
  });

  it('keeps the numbers behind /health in /stats and /contracts', async () => {
    const stats = (await get('/stats')).json();
    expect(stats.queuePerformance).toEqual({
      totalJobs: 1,
      completedJobs: 1,
      cancelledJobs: 0,
      successRate: 100,
      avgProcessingBlocks: 2,
      avgProcessingSeconds: 12,
      blockTimeMs: 6000,
      sampledJobs: 1,
    });
    const contracts = (await get('/contracts')).json();
    const lastEvent = Object.fromEntries(
      contracts.items.map((i: { name: string; lastEventBlock: string | null }) => [
        i.name,
        i.lastEventBlock,
      ]),
    );
    expect(lastEvent).toMatchObject({ aiJobQueue: '7', mevProtection: null });
    expect(contracts.items.every((i: { state: string }) => i.state === 'unknown')).toBe(true);
  });

  it('answers 400 with the field list for bad /events parameters', async () => {
    const res = await get('/events?limit=0&contract=nope');
    expect(res.statusCode).toBe(400);
    const body = res.json();
    expect(body.error.code).toBe('VALIDATION_FAILED');
    expect(body.error.details.fields.map((f: { field: string }) => f.field).sort()).toEqual([
      'contract',
      'limit',
    ]);
    expect(typeof body.error.errorId).toBe('string');
  });

  it('answers 404 in the error shape and echoes x-request-id', async () => {
    const res = await get('/nope', { 'x-request-id': 'req-42' });
    expect(res.statusCode).toBe(404);
    expect(res.json().error.code).toBe('NOT_FOUND');
    expect(res.headers['x-request-id']).toBe('req-42');
  });

  it('pages /events with an opaque cursor', async () => {
    const first = (await get('/events?limit=1')).json();
    expect(first.items).toHaveLength(1);
    expect(first.items[0].block.number).toBe('7');
    const second = (await get(`/events?limit=1&cursor=${first.nextCursor}`)).json();
    expect(second.items[0].block.number).toBe('5');
    expect(second.nextCursor).toBeNull();
    const bad = await get('/events?cursor=abc');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('INVALID_CURSOR');
  });

  it('returns 500 with a generic message and logs the errorId', async () => {
    world.events.push(newChainEvent({ id: 'bad', block: { number: 9n, hash: 'not-hex' } }));
    const res = await get('/events', {
      authorization: 'Bearer top-secret',
      'x-request-id': 'req-500',
    });
    world.events.pop();
    expect(res.statusCode).toBe(500);
    const { error } = res.json();
    expect(error.code).toBe('INTERNAL');
    expect(error.message).not.toContain('hex');
    const logged = world.logLines.find((l) => l['errorId'] === error.errorId);
    expect(logged).toMatchObject({ level: 'error', name: 'api:http', req: { id: 'req-500' } });
    expect(JSON.stringify(world.logLines)).not.toContain('top-secret');
  });

  it('reports 503 on /ready when the database is down', async () => {
    world.isDatabaseDown = true;
    const res = await get('/ready');
    const health = (await get('/health')).json();
    world.isDatabaseDown = false;
    expect(res.statusCode).toBe(503);
    expect(res.json().reasons.map((r: { code: string }) => r.code)).toContain(
      'DATABASE_UNREACHABLE',
    );
    expect(health.status).toBe('down');
    expect(health).not.toHaveProperty('performance');
  });

  it('answers 503 UNAVAILABLE, not 500, when a chain read behind GET /jobs/:id/settlement fails', async () => {
    const settlement = new SettlementCallService(
      {
        work: { get: () => Promise.resolve(null) },
        projections: {
          ...EMPTY_PROJECTIONS,
          getEscrow: (jobId: bigint) =>
            Promise.resolve({
              jobId,
              owner: '0x41dccbd49b26c50d34355ed86ff0fa9e489d1e01',
              provider: '0x306721211d5404bd9da88e0204360a1a9ab8b87c',
              amount: 1n,
              released: false,
              refunded: false,
              depositedBlock: 1n,
              updated: { block: 1n, seq: 0 },
            }),
        },
      },
      {
        substrateAccountOf: () =>
          Promise.reject(new Error('No response received from RPC endpoint in 60s')),
        prepare: () => Promise.reject(new Error('not asked')),
      },
      { escrowAddress: PASEO_ADDRESSES.paymentEscrow, custody: null },
    );
    const jobs = { settlement, work: {}, contents: {} } as unknown as ApiJobServices;
    const withJobs = await createApiApp(world.deps({ jobs }), TEST_API_CONFIG);
    try {
      await withJobs.getHttpAdapter().getInstance().ready();
      const res = await withJobs.inject({ method: 'GET', url: '/jobs/4/settlement' });
      expect(res.statusCode).toBe(503);
      expect(res.json().error).toMatchObject({ code: 'UNAVAILABLE', details: { jobId: '4' } });
    } finally {
      await withJobs.close();
    }
  });

  it('serves Prometheus text with redacted endpoint labels', async () => {
    const res = await get('/metrics');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/plain');
    expect(res.body).toContain('polkamesh_finalized_lag_blocks 2');
    expect(res.body).toContain(
      'polkamesh_rpc_endpoint_up{endpoint="wss://rpc.example.org/…",index="0"} 1',
    );
    expect(res.body).not.toContain('secret-key');
    expect(res.body).toContain('process_cpu_seconds_total');
  });
});
