import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ContractPromise } from '@polkadot/api-contract';
import type { KeyringPair } from '@polkadot/keyring/types';
import fc from 'fast-check';
import { defaultContractAddresses } from '../../devnet/devnet';
import { startApiServer, type ApiConfig, type ApiServer } from '../../src/api';
import { NOOP_LOGGER } from '../../src/shared';
import { PolkadotChainClient } from '../../src/chain/polkadot/polkadot-chain-client';
import {
  h160FromAccountId,
  loadAbiJson,
  NATIVE_TO_ETH_RATIO,
  PASEO_CONTRACT_ADDRESSES,
  type ContractName,
} from '../../src/contracts';
import type { Database, SqlStorage } from '../../src/storage';
import type { TestDatabase } from '../support/databases';
import { sendTx, startDevnetApi, type DevnetApi } from '../support/devnet-api';
import { openTestStorage, startFollower } from '../support/follower-harness';
import { apiFuzzRuns } from '../support/fuzz-runs';
import { waitFor } from '../support/wait-for';
import { TEST_API_CONFIG } from '../support/api-config';
import { checkSeedHealth } from '../support/client-contracts';

const GAS = { refTime: 100_000_000_000, proofSize: 1_000_000 };
const BUDGET = 3_000_000_000n;
const FUZZ_RUNS = apiFuzzRuns();

/** The devnet seals a block per extrinsic; /health converts block distances at 1 s a block. */
const API_CONFIG: ApiConfig = { ...TEST_API_CONFIG, blockTimeMs: 1_000 };

interface ErrorBody {
  error: { code: string; message: string; errorId: string; details?: Record<string, unknown> };
}

function expectErrorShape(body: ErrorBody, code: string): void {
  expect(body.error.code).toBe(code);
  expect(typeof body.error.message).toBe('string');
  expect(body.error.errorId).toMatch(/^[0-9a-f-]{36}$/);
}

describe('HTTP API over a devnet, the chain follower and a SQLite file', () => {
  let chain: DevnetApi;
  let db: TestDatabase;
  let database: Database;
  let storage: SqlStorage;
  let following: Awaited<ReturnType<typeof startFollower>>;
  let server: ApiServer;
  let bob: KeyringPair;
  const blocks: Record<string, bigint> = {};
  let emitted = 0;

  const addresses = defaultContractAddresses();
  const contract = (name: ContractName) =>
    new ContractPromise(chain.api, loadAbiJson(name), addresses[name]);
  const opts = (value = 0n) => ({
    gasLimit: chain.api.registry.createType('WeightV2', GAS),
    storageDepositLimit: null,
    value,
  });
  const get = async (path: string, headers: Record<string, string> = {}) => {
    const res = await fetch(`${server.url}${path}`, { headers });
    const text = await res.text();
    return { status: res.status, headers: res.headers, text, json: () => JSON.parse(text) };
  };

  const blocksBetween = (from: string, to: string) => Number(blocks[to]! - blocks[from]!);

  /** Bob (the user) sends a queue call; records its block number and counts its events. */
  async function queueCall(step: string, message: string, ...args: unknown[]): Promise<void> {
    const value = step === 'submitted' ? BUDGET : 0n;
    const outcome = await sendTx(contract('aiJobQueue').tx[message]!(opts(value), ...args), bob);
    expect(outcome.success).toBe(true);
    emitted += outcome.events.filter((r) => r.event.method === 'ContractEmitted').length;
    const header = await chain.api.rpc.chain.getHeader(outcome.blockHash);
    blocks[step] = header.number.toBigInt();
  }

  beforeAll(async () => {
    chain = await startDevnetApi();
    ({ db, database, storage } = await openTestStorage('sqlite'));
    following = await startFollower([chain.devnet.url], storage);
    bob = chain.keyring.addFromUri('//Bob');
    await sendTx(chain.api.tx.revive.mapAccount(), bob);
    server = await startApiServer(
      {
        store: storage,
        chain: following.client,
        contracts: addresses,
        readOrigin: bob.address,
        log: NOOP_LOGGER,
      },
      API_CONFIG,
    );

    // one user story: submit a job with value, assign it (to themself), run and complete it
    const head = (await chain.api.rpc.chain.getHeader()).number.toNumber();
    await queueCall('submitted', 'submitJob', 'ocr:pp-ocrv4', 'data:,x', head + 10_000, false);
    await queueCall('assigned', 'assignProvider', 1, h160FromAccountId(bob.publicKey));
    await queueCall('started', 'markInProgress', 1);
    await queueCall('completed', 'markCompleted', 1, 'sha256:feed');
    await waitFor(
      async () => (await storage.events.count({ isFinal: true })) === emitted,
      30_000,
      'every event stored as final',
    );
    await waitFor(
      async () => (await get('/ready')).status === 200,
      30_000,
      'readiness after catch-up',
    );
  });

  afterAll(async () => {
    await server?.close();
    await following?.stop();
    await database?.close();
    await db?.drop();
    await chain?.close();
  });

  it('GET /events lists the JobSubmitted with its decoded fields', async () => {
    const res = await get('/events?contract=aiJobQueue&eventName=JobSubmitted');
    expect(res.status).toBe(200);
    const body = res.json();
    expect(body.nextCursor).toBeNull();
    expect(body.items).toHaveLength(1);
    const [event] = body.items;
    expect(event).toMatchObject({
      contract: 'aiJobQueue',
      contractAddress: addresses.aiJobQueue,
      pallet: 'revive',
      eventName: 'JobSubmitted',
      isFinal: true,
      block: { number: blocks['submitted']!.toString() },
      decoded: {
        jobId: '1',
        owner: h160FromAccountId(bob.publicKey),
        budget: (BUDGET * NATIVE_TO_ETH_RATIO).toString(),
      },
    });
    expect(event.block.hash).toMatch(/^0x[0-9a-f]{64}$/);
    expect(Number.isNaN(Date.parse(event.createdAt))).toBe(false);
  });

  it('GET /events pages newest first with an opaque cursor, nothing missing or doubled', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const query: string = cursor === null ? '' : `&cursor=${cursor}`;
      const page = (await get(`/events?limit=2${query}`)).json();
      expect(page.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.items.map((e: { id: string }) => e.id));
      cursor = page.nextCursor;
    } while (cursor !== null);
    expect(seen).toHaveLength(emitted);
    expect(new Set(seen).size).toBe(emitted);
    const ranged = (
      await get(`/events?fromBlock=${blocks['assigned']}&toBlock=${blocks['started']}`)
    ).json();
    expect(ranged.items.map((e: { eventName: string }) => e.eventName).sort()).toEqual([
      'JobAssigned',
      'JobStatusChanged',
    ]);
  });

  it('GET /health answers in the shape the original README documents', async () => {
    const res = await get('/health');
    expect(res.status).toBe(200);
    const body = res.json();
    checkSeedHealth(body);
    const blocks = blocksBetween('submitted', 'completed');
    expect(body).toEqual({
      status: 'ok',
      uptime: expect.any(Number),
      timestamp: expect.any(String),
      contracts: {
        paymentEscrow: 'active',
        jobQueue: 'active',
        phalaProcessor: 'active',
        mevProtection: 'active',
        computeProviderRegistry: 'active',
        dataNftRegistry: 'active',
      },
      // one job, submitted and completed `blocks` blocks apart, at 1 s a block
      performance: { totalJobs: 1, successRate: '100.0%', avgProcessingTime: `${blocks}.0s` },
    });
  });

  it('keeps the numbers behind /health in /stats and /contracts', async () => {
    const stats = (await get('/stats')).json();
    expect(stats.queuePerformance).toEqual({
      totalJobs: 1,
      completedJobs: 1,
      cancelledJobs: 0,
      successRate: 100,
      avgProcessingBlocks: blocksBetween('submitted', 'completed'),
      avgProcessingSeconds: blocksBetween('submitted', 'completed'),
      blockTimeMs: 1_000,
      sampledJobs: 1,
    });
    const contracts = (await get('/contracts')).json();
    const byName = Object.fromEntries(
      contracts.items.map((i: { name: string }) => [i.name, i]),
    ) as Record<string, { lastEventBlock: string | null; state: string }>;
    expect(byName['aiJobQueue']).toMatchObject({
      lastEventBlock: blocks['completed']!.toString(),
      state: 'active',
    });
    expect(byName['mevProtection']?.lastEventBlock).toBeNull();
  });

  it('GET /health says which contracts do not answer, and which it cannot ask', async () => {
    const ferdie = chain.keyring.addFromUri('//Ferdie'); // never mapped on pallet-revive here
    const probing = await startApiServer(
      {
        store: storage,
        chain: following.client,
        // an H160 that holds no contract
        contracts: { ...addresses, paymentEscrow: `0x${'ab'.repeat(20)}` },
        readOrigin: ferdie.address,
        log: NOOP_LOGGER,
      },
      API_CONFIG,
    );
    try {
      const health = (await (await fetch(`${probing.url}/health`)).json()) as {
        contracts: Record<string, string>;
      };
      checkSeedHealth(health);
      expect(health.contracts).toEqual({
        // revive refuses an unmapped caller before it reaches any contract: nothing is known
        paymentEscrow: 'unknown',
        jobQueue: 'unknown',
        computeProviderRegistry: 'unknown',
        dataNftRegistry: 'unknown',
        // pallet-contracts needs no mapping: they answer
        phalaProcessor: 'active',
        mevProtection: 'active',
      });
    } finally {
      await probing.close();
    }
    // a client whose escrow address holds no contract, asked by a mapped origin
    const misconfigured = { ...addresses, paymentEscrow: `0x${'ab'.repeat(20)}` };
    const client = new PolkadotChainClient({
      endpoints: [chain.devnet.url],
      expectedBlockTimeMs: 200,
      stallBlocks: 25,
      maxFinalityLagBlocks: 1000,
      reconnect: { minMs: 50, maxMs: 500 },
      contracts: misconfigured,
    });
    await client.start();
    const mapped = await startApiServer(
      {
        store: storage,
        chain: client,
        contracts: misconfigured,
        readOrigin: bob.address,
        log: NOOP_LOGGER,
      },
      API_CONFIG,
    );
    try {
      const health = await waitFor(
        async () => {
          const body = (await (await fetch(`${mapped.url}/health`)).json()) as {
            contracts: Record<string, string>;
          };
          return body.contracts['jobQueue'] === 'active' && body;
        },
        10_000,
        'the second client to reach the devnet',
      );
      expect(health.contracts['paymentEscrow']).toBe('unreachable');
      expect(health.contracts['dataNftRegistry']).toBe('active');
    } finally {
      await mapped.close();
      await client.stop();
    }
  });

  it('GET /ready and /status show the cursor caught up with the chain', async () => {
    const ready = (await get('/ready')).json();
    expect(ready).toEqual({
      status: 'ready',
      reasons: [],
      lagBlocks: expect.any(Number),
      maxLagBlocks: 5,
    });
    const res = await get('/status');
    expect(res.status).toBe(200);
    const status = res.json();
    expect(typeof status.lagBlocks).toBe('number');
    expect(status.lagBlocks).toBeLessThanOrEqual(5);
    expect(BigInt(status.cursors.finalized.number)).toBeGreaterThanOrEqual(blocks['completed']!);
    expect(status.chain.finalizedHead.number).toMatch(/^\d+$/);
    expect(status.database).toEqual({ isReachable: true });
    expect(status.endpoints).toHaveLength(1);
    expect(status.endpoints[0]).toMatchObject({
      endpoint: chain.devnet.url.replace(/\/$/, ''),
      status: 'connected',
      isTrusted: true,
    });
    expect(status.events).toEqual({ total: emitted, final: emitted, tentative: 0 });
    expect(status.quarantined).toBe(0);
  });

  it('GET /contracts dry-runs a getter of each of the six contracts', async () => {
    const body = (await get('/contracts')).json();
    expect(body.items).toHaveLength(6);
    for (const item of body.items) {
      expect(item).toMatchObject({ reachable: true, reachError: null });
      expect(item.codeHash).toBe(PASEO_CONTRACT_ADDRESSES[item.name as ContractName].codeHash);
    }
    const phala = body.items.find((i: { name: string }) => i.name === 'phalaJobProcessor');
    expect(phala.ss58).toBe('5HrKZAiTSAFcuxda89kSD77ZdygRUkufwRnGKgfGFR4NC2np');
    const queue = body.items.find((i: { name: string }) => i.name === 'aiJobQueue');
    expect(queue).toMatchObject({ pallet: 'revive', ss58: null, address: addresses.aiJobQueue });
  });

  it('GET /metrics exposes lag, stored events, quarantine and endpoint gauges', async () => {
    const res = await get('/metrics');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/plain');
    expect(res.text).toMatch(/^polkamesh_finalized_lag_blocks \d+$/m);
    expect(res.text).toContain(`polkamesh_chain_events_stored{finality="final"} ${emitted}`);
    expect(res.text).toContain('polkamesh_quarantined_events 0');
    expect(res.text).toMatch(
      /^polkamesh_rpc_endpoint_up\{endpoint="ws:\/\/127\.0\.0\.1:\d+",index="0"\} 1$/m,
    );
    expect(res.text).toMatch(/^polkamesh_rpc_endpoint_score\{[^}]*\} \d+$/m);
    expect(res.text).toContain('process_resident_memory_bytes');
  });

  it('serves the OpenAPI document that is committed as openapi.json', async () => {
    const committed = JSON.parse(readFileSync(join(__dirname, '../../openapi.json'), 'utf8'));
    expect((await get('/openapi.json')).json()).toEqual(committed);
    expect((await get('/docs-json')).json()).toEqual(committed);
  });

  it('answers bad parameters with 400 and the field list', async () => {
    const res = await get('/events?limit=5000&fromBlock=abc&isFinal=maybe&contract=nope');
    expect(res.status).toBe(400);
    const body = res.json();
    expectErrorShape(body, 'VALIDATION_FAILED');
    const fields = (body.error.details.fields as { field: string }[]).map((f) => f.field).sort();
    expect(fields).toEqual(['contract', 'fromBlock', 'isFinal', 'limit']);
    const range = (await get('/events?fromBlock=9&toBlock=3')).json();
    expectErrorShape(range, 'VALIDATION_FAILED');
    const cursor = await get(
      `/events?cursor=${Buffer.from('99999999999999999999:0x01:1').toString('base64url')}`,
    );
    expect(cursor.status).toBe(400);
    expectErrorShape(cursor.json(), 'INVALID_CURSOR');
  });

  it('answers an unknown route with 404 in the error shape and echoes x-request-id', async () => {
    const res = await get('/no/such/route', { 'x-request-id': 'e2e-404' });
    expect(res.status).toBe(404);
    expectErrorShape(res.json(), 'NOT_FOUND');
    expect(res.headers.get('x-request-id')).toBe('e2e-404');
    expect((await get('/health')).headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('allows CORS from FRONTEND_URL only', async () => {
    const allowed = await get('/health', { origin: 'http://localhost:3001' });
    expect(allowed.headers.get('access-control-allow-origin')).toBe('http://localhost:3001');
    const other = await get('/health', { origin: 'http://evil.example' });
    expect(other.headers.get('access-control-allow-origin')).not.toBe('http://evil.example');
  });

  it('answers 429 in the error shape past API_RATE_LIMIT requests a minute', async () => {
    const limited = await startApiServer(
      {
        store: storage,
        chain: following.client,
        contracts: addresses,
        readOrigin: bob.address,
        log: NOOP_LOGGER,
      },
      { ...API_CONFIG, rateLimitPerMinute: 3 },
    );
    try {
      const statuses: number[] = [];
      let last: Response | undefined;
      for (let i = 0; i < 4; i++) {
        last = await fetch(`${limited.url}/events?limit=1`);
        statuses.push(last.status);
      }
      expect(statuses).toEqual([200, 200, 200, 429]);
      expectErrorShape((await last!.json()) as ErrorBody, 'RATE_LIMITED');
      expect((await fetch(`${limited.url}/health`)).status).toBe(200);
    } finally {
      await limited.close();
    }
  });

  it(`never answers /events with a 5xx, whatever the query (${FUZZ_RUNS} cases)`, async () => {
    const firstPage = (await get('/events?limit=1')).json();
    const validCursor: string = firstPage.nextCursor;
    const anyText = fc.string({ maxLength: 40 });
    const digits = fc.bigInt({ min: 0n, max: 2n ** 70n }).map(String);
    const value = <T>(...arbs: fc.Arbitrary<T>[]) => fc.oneof(...arbs, anyText);
    const known = fc.record(
      {
        contract: value(fc.constantFrom(...Object.keys(addresses))),
        eventName: value(fc.constantFrom('JobSubmitted', 'JobCompleted', 'Deposited')),
        isFinal: value(fc.constantFrom('true', 'false')),
        fromBlock: value(digits, fc.constant('-1')),
        toBlock: value(digits),
        limit: value(fc.integer({ min: -2, max: 1100 }).map(String)),
        cursor: value(
          fc.constant(validCursor),
          fc
            .tuple(
              digits,
              fc.string({ unit: fc.constantFrom(...'0123456789abcdef'), maxLength: 66 }),
              fc.nat(),
            )
            .map(([n, h, i]) => Buffer.from(`${n}:0x${h}:${i}`).toString('base64url')),
        ),
      },
      { requiredKeys: [] },
    );
    const extra = fc.dictionary(fc.string({ maxLength: 8 }), anyText, { maxKeys: 2 });
    const param = fc.tuple(known, extra).map(([k, e]): Record<string, string> => ({ ...e, ...k }));
    const query = fc.oneof(
      param.map((p) => new URLSearchParams(p).toString()),
      fc.string({ maxLength: 80 }).map((raw) => encodeURI(raw)),
      fc.string({ maxLength: 80 }).map((raw) => raw.replace(/[\s#]/g, '')),
      fc
        .tuple(param, param)
        .map(
          ([a, b]) => `${new URLSearchParams(a).toString()}&${new URLSearchParams(b).toString()}`,
        ),
    );
    await fc.assert(
      fc.asyncProperty(query, async (q) => {
        const res = await server.app.inject({ method: 'GET', url: `/events?${q}` });
        expect(res.statusCode).toBeLessThan(500);
        const body = res.json();
        if (res.statusCode === 200) {
          expect(Array.isArray(body.items)).toBe(true);
        } else {
          expect(res.statusCode).toBe(400);
          expect(['VALIDATION_FAILED', 'INVALID_CURSOR', 'BAD_REQUEST']).toContain(body.error.code);
        }
      }),
      { numRuns: FUZZ_RUNS },
    );
  });
});
