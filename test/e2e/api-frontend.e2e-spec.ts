import type { KeyringPair } from '@polkadot/keyring/types';
import { defaultContractAddresses } from '../../devnet/devnet';
import { startApiServer, type ApiConfig, type ApiServer } from '../../src/api';
import { NOOP_LOGGER } from '../../src/shared';
import type { PolkadotChainClient } from '../../src/chain/polkadot/polkadot-chain-client';
import { accountIdHex, NATIVE_TO_ETH_RATIO } from '../../src/contracts';
import { ContractGateway, UserWallet, type CallRequest } from '../../src/demo';
import { ContractProjector } from '../../src/projections';
import type { Database, SqlStorage } from '../../src/storage';
import type { TestDatabase } from '../support/databases';
import { startDevnetApi, type DevnetApi } from '../support/devnet-api';
import { chainClientFor, openTestStorage, startFollower } from '../support/follower-harness';
import { waitFor } from '../support/wait-for';
import { TEST_API_CONFIG } from '../support/api-config';
import {
  checkFrontendAttestation,
  checkFrontendDataNfts,
  checkFrontendJob,
  checkFrontendJobList,
  checkFrontendProviders,
  checkSeedHealth,
  ClientContractError,
  mergePhalaStatusLikeThePage,
  nullPaths,
} from '../support/client-contracts';

const PAS = 10_000_000_000n;
const API_CONFIG: ApiConfig = TEST_API_CONFIG;

describe('web-frontend routes (/api/*) and /jobs over a devnet, the projector and SQLite', () => {
  let chain: DevnetApi;
  let db: TestDatabase;
  let database: Database;
  let storage: SqlStorage;
  let reads: PolkadotChainClient;
  let following: Awaited<ReturnType<typeof startFollower>>;
  let server: ApiServer;
  let bob: UserWallet;
  let alice: UserWallet;
  let charlie: UserWallet;
  let gateway: ContractGateway;
  const ids: Record<string, bigint> = {};
  const addresses = defaultContractAddresses();

  const get = async (path: string) => {
    const res = await fetch(`${server.url}${path}`);
    return { status: res.status, body: (await res.json()) as any };
  };
  const as = (pair: KeyringPair, request: CallRequest) => gateway.call(pair, request, 'inBlock');

  beforeAll(async () => {
    chain = await startDevnetApi();
    ({ db, database, storage } = await openTestStorage('sqlite'));
    const wallet = (uri: string) =>
      new UserWallet(chain.api, chain.keyring.addFromUri(uri), addresses);
    [alice, bob, charlie] = [wallet('//Alice'), wallet('//Bob'), wallet('//Charlie')];
    for (const w of [alice, bob, charlie]) {
      await w.ensureMapped();
    }
    gateway = new ContractGateway(chain.api, addresses);
    reads = chainClientFor([chain.devnet.url]);
    await reads.start();
    const projector = new ContractProjector(reads, { origin: alice.address });
    following = await startFollower([chain.devnet.url], storage, {}, projector);
    server = await startApiServer(
      {
        store: storage,
        chain: following.client,
        contracts: addresses,
        readOrigin: alice.address,
        log: NOOP_LOGGER,
      },
      API_CONFIG,
    );

    // a job story: submit with value, deposit, assign, in progress, completed, paid
    const C = charlie.h160;
    const job = { modelRef: 'model:gpu:resnet', dataRef: 'data:1:imgs', privacyRequired: true };
    ids['job'] = (await bob.submitJob({ ...job, budgetPlanck: 3n * PAS })).id;
    await bob.depositForJob(ids['job'], C, 3n * PAS);
    await bob.assignProvider(ids['job'], C);
    const jobArgs = (message: string, ...rest: unknown[]): CallRequest => ({
      contract: 'aiJobQueue',
      message,
      args: [ids['job'], ...rest],
    });
    await as(charlie.pair, jobArgs('markInProgress'));
    await as(charlie.pair, jobArgs('markCompleted', 'sha256:feedbeef'));
    await bob.releaseToProvider(ids['job']);
    // two more jobs for the filters: one by bob, one by alice, both Registered
    const other = { modelRef: 'model:cpu:ocr', dataRef: 'data:2:scan', privacyRequired: false };
    ids['bobJob2'] = (await bob.submitJob({ ...other, budgetPlanck: PAS })).id;
    ids['aliceJob'] = (await alice.submitJob({ ...other, budgetPlanck: PAS })).id;
    // a provider, an NFT with one grant, a confidential job naming the job, an executed batch
    await charlie.registerProvider({
      endpoint: 'https://charlie.gpu',
      computeUnits: 64n,
      hourlyRate: 1_500n,
      stakePlanck: 5n * PAS,
    });
    const price = 10n * NATIVE_TO_ETH_RATIO;
    ids['nft'] = (
      await bob.mintDataNft({
        dataUri: 'ipfs://dataset-1',
        privacyLevel: 1,
        accessPrice: price,
        transferable: true,
      })
    ).id;
    await bob.grantAccess(ids['nft'], C, 10n);
    // inline data with a media type, a privacy level nothing defines, a price with sub-planck units
    ids['nft2'] = (
      await alice.mintDataNft({
        dataUri: 'data:text/csv;base64,YSxiCjEsMgo=',
        privacyLevel: 7,
        accessPrice: 150_000_001n,
        transferable: false,
      })
    ).id;
    ids['cid'] = (
      await bob.submitConfidentialJob({ jobId: ids['job'], model: 'resnet', data: 'imgs' })
    ).id;
    const phala = (message: string, ...args: unknown[]): CallRequest => ({
      contract: 'phalaJobProcessor',
      message,
      args,
    });
    await as(
      charlie.pair,
      phala('recordAttestation', ids['cid'], 'sha256:feedbeef', 'proof-1', '0xworker'),
    );
    await as(charlie.pair, phala('markJobProcessed', ids['cid']));
    const intents: bigint[] = [];
    for (let i = 1n; i <= 5n; i++) {
      // five (the contract's min_batch_size) with min_output 100..500: volume 1500
      intents.push((await (i % 2n ? bob : alice).submitIntent(intent(100n * i))).id);
    }
    const mev = (message: string, ...args: unknown[]): CallRequest => ({
      contract: 'mevProtection',
      message,
      args,
    });
    const created = await as(charlie.pair, mev('createBatch', intents, 'route-a'));
    const batchId = created.events.find((e) => e.name === 'BatchCreated')?.args['batchId'];
    ids['batch'] = batchId as bigint;
    const last = await as(charlie.pair, mev('executeBatch', ids['batch'], 1_600, '1.1'));
    const lastBlock = (await chain.api.rpc.chain.getHeader(last.blockHash)).number.toBigInt();
    await waitFor(
      async () => ((await storage.cursors.get('finalized'))?.block.number ?? 0n) >= lastBlock,
      30_000,
      'the follower to finalize the story',
    );
  }, 120_000);

  afterAll(async () => {
    await server?.close();
    await following?.stop();
    await reads?.stop();
    await database?.close();
    await db?.drop();
    await chain?.close();
  });

  it('the client contracts refuse the shapes that broke real clients', () => {
    // what the issue saw: the phala page crashed on appId null, /health broke a README client
    expect(() =>
      mergePhalaStatusLikeThePage({ success: true, data: { appId: null, jobsProcessed: 1 } }),
    ).toThrow('$.data.appId');
    expect(() =>
      checkSeedHealth({
        status: 'ok',
        uptime: 5,
        contracts: { aiJobQueue: { address: '0xa4', pallet: 'revive', lastEventBlock: null } },
        performance: { totalJobs: 1, successRate: 100, avgProcessingTime: 2 },
      }),
    ).toThrow(ClientContractError);
    expect(() =>
      checkFrontendProviders({
        providers: [
          {
            address: '0x2c',
            computeTypes: [],
            reputation: 5,
            jobsCompleted: 0,
            pricePerHour: 1.5,
            available: true,
          },
        ],
      }),
    ).toThrow(ClientContractError);
    expect(() =>
      checkFrontendJob({
        success: true,
        data: {
          status: 'Registered',
          owner: '0xbb',
          modelRef: 'm',
          dataRef: 'd',
          resultHash: null,
        },
      }),
    ).toThrow(ClientContractError);
  });

  it('GET /api/jobs/:id answers the JobStatusMonitor shape: data wrapper plus flat fields', async () => {
    const { status, body } = await get(`/api/jobs/${ids['job']}`);
    expect(status).toBe(200);
    const attestation = (await storage.projections.getConfidentialJob(ids['cid']!))!.attestation!;
    const expectedAttestation = {
      job_id: Number(ids['cid']),
      queue_job_id: Number(ids['job']),
      result_hash: 'sha256:feedbeef',
      attestation_proof: 'proof-1',
      tee_worker_pubkey: '0xworker',
      timestamp: Number(attestation.timestamp / 1000n),
      verified: false,
      processed: true,
      attestation_count: 1,
    };
    checkFrontendJob(body);
    expect(body).toEqual({
      success: true,
      data: {
        jobId: ids['job']!.toString(),
        status: 'Completed',
        owner: bob.h160,
        provider: charlie.h160,
        // a private job: its references go only to its owner (ADR 0013)
        modelRef: 'withheld',
        dataRef: 'withheld',
        budget: (3n * PAS * NATIVE_TO_ETH_RATIO).toString(),
        deadline: expect.stringMatching(/^\d+$/),
        privacyRequired: true,
        resultHash: 'sha256:feedbeef',
        attestation: expectedAttestation,
      },
      jobId: ids['job']!.toString(),
      status: 'Completed',
      owner: bob.h160,
      provider: charlie.h160,
      budget: (3n * PAS * NATIVE_TO_ETH_RATIO).toString(),
    });
    // a job with no provider, result or attestation yet: those fields are absent, not null
    const fresh = await get(`/api/jobs/${ids['bobJob2']}`);
    checkFrontendJob(fresh.body);
    expect(fresh.body['data']).toEqual({
      jobId: ids['bobJob2']!.toString(),
      status: 'Registered',
      owner: bob.h160,
      modelRef: 'model:cpu:ocr',
      dataRef: 'data:2:scan',
      budget: (PAS * NATIVE_TO_ETH_RATIO).toString(),
      deadline: expect.stringMatching(/^\d+$/),
      privacyRequired: false,
    });
    expect(fresh.body).not.toHaveProperty('provider');
    // seconds, not ms: within a day of now
    expect(Math.abs(expectedAttestation.timestamp - Date.now() / 1000)).toBeLessThan(86_400);
    const missing = await get('/api/jobs/999999');
    expect(missing.status).toBe(404);
    expect(missing.body).toMatchObject({ error: { code: 'NOT_FOUND' } });
  });

  it('GET /api/jobs/:id/attestation answers snake_case fields, and 404 where none is recorded', async () => {
    const { status, body } = await get(`/api/jobs/${ids['job']}/attestation`);
    expect(status).toBe(200);
    checkFrontendAttestation(body);
    expect(body).toEqual({
      success: true,
      data: (await get(`/api/jobs/${ids['job']}`)).body['data']['attestation'],
    });
    const none = await get(`/api/jobs/${ids['bobJob2']}/attestation`);
    expect(none.status).toBe(404);
    expect(none.body).toMatchObject({ error: { code: 'NOT_FOUND' } });
  });

  it('GET /api/providers lists the registered provider in the marketplace shape, priced in planck', async () => {
    const { status, body } = await get('/api/providers');
    expect(status).toBe(200);
    checkFrontendProviders(body);
    expect(body).toEqual({
      success: true,
      count: 1,
      source: 'blockchain',
      providers: [
        {
          address: charlie.h160,
          endpoint: 'https://charlie.gpu',
          computeTypes: [],
          computeUnits: '64',
          reputation: 5,
          reputationScore: 100,
          jobsCompleted: 1,
          // 1500 contract units = 0.000015 planck: the least whole-planck payment is 1
          pricePerHour: '1',
          hourlyRate: '1500',
          available: true,
          stake: (5n * PAS * NATIVE_TO_ETH_RATIO).toString(),
        },
      ],
    });
  });

  it('GET /api/data-nfts lists the NFTs under both dataNfts and nfts, priced in planck', async () => {
    const { status, body } = await get('/api/data-nfts');
    expect(status).toBe(200);
    checkFrontendDataNfts(body);
    const items = [
      {
        tokenId: ids['nft']!.toString(),
        name: `Data NFT #${ids['nft']}`,
        description: 'ipfs://dataset-1',
        dataUri: 'ipfs://dataset-1',
        pricePerAccess: '10',
        accessPrice: (10n * NATIVE_TO_ETH_RATIO).toString(),
        subscriberCount: 1,
        privacyLevel: 'Private',
        privacyLevelRaw: 1,
        owner: bob.h160,
        isTransferable: true,
      },
      {
        tokenId: ids['nft2']!.toString(),
        name: `Data NFT #${ids['nft2']}`,
        description: 'data:text/csv;base64,YSxiCjEsMgo=',
        dataUri: 'data:text/csv;base64,YSxiCjEsMgo=',
        dataType: 'text/csv',
        // 150000001 units = 1.50000001 planck: rounded up to the 2 planck a payment must be
        pricePerAccess: '2',
        accessPrice: '150000001',
        subscriberCount: 0,
        privacyLevelRaw: 7,
        owner: alice.h160,
        isTransferable: false,
      },
    ];
    expect(body).toEqual({
      success: true,
      count: 2,
      dataNfts: items,
      nfts: items,
      source: 'blockchain',
    });
  });

  it('GET /api/phala/status counts the confidential jobs and invents no TEE data', async () => {
    const { status, body } = await get('/api/phala/status');
    expect(status).toBe(200);
    // the page merges data over its defaults and renders appId.slice(0, 20): no null may win
    const page = mergePhalaStatusLikeThePage(body);
    expect(page).toMatchObject({ jobsProcessed: 1, successRate: 100 });
    expect(body).toEqual({
      success: true,
      data: {
        contractAddress: addresses.phalaJobProcessor,
        jobsSubmitted: 1,
        jobsProcessed: 1,
        jobsAttested: 1,
        successRate: 100,
      },
      note: expect.stringContaining('No Phala CVM'),
    });
  });

  it('GET /api/mev/savings sums actual_output − min_output over the executed batch', async () => {
    const { status, body } = await get('/api/mev/savings');
    expect(status).toBe(200);
    expect(body).toEqual({
      success: true,
      data: {
        totalSaved: '100',
        batchesExecuted: 1,
        intentsExecuted: 5,
        totalVolume: '1500',
        totalOutput: '1600',
        batches: [
          {
            batchId: ids['batch']!.toString(),
            intentCount: 5,
            totalInput: '1500',
            totalOutput: '1600',
            saved: '100',
            executionPrice: '1.1',
            executionCount: 1,
          },
        ],
      },
      formula: expect.stringContaining('total_output_amount − total_input_amount'),
    });
  });

  it('GET /api/status and /api/contracts wrap /status and /contracts in {success, data}', async () => {
    const status = await get('/api/status');
    expect(status.status).toBe(200);
    expect(status.body['success']).toBe(true);
    expect(status.body['data']).toMatchObject({
      cursors: { finalized: { number: expect.stringMatching(/^\d+$/) } },
      database: { isReachable: true },
    });
    const contracts = await get('/api/contracts');
    expect(contracts.status).toBe(200);
    expect(contracts.body).toEqual({ success: true, data: (await get('/contracts')).body });
    expect(contracts.body['data']['items']).toHaveLength(6);
  });

  it("GET /api/jobs?owner= lists a user's jobs, the owner given as SS58, AccountId32 hex or H160", async () => {
    const [j, b2, a] = [ids['job'], ids['bobJob2'], ids['aliceJob']].map(String);
    const jobIds = (body: { jobs: { jobId: string }[] }) => body.jobs.map((job) => job.jobId);
    const bobsJobs = await get(`/api/jobs?owner=${bob.address}`);
    expect(bobsJobs.status).toBe(200);
    checkFrontendJobList(bobsJobs.body);
    expect(bobsJobs.body).toMatchObject({ success: true, count: 2 });
    expect(jobIds(bobsJobs.body)).toEqual([b2, j]);
    expect(bobsJobs.body['jobs'][1]).toEqual({
      ...(await get(`/api/jobs/${j}`)).body['data'],
      attestation: undefined,
    });
    for (const owner of [
      accountIdHex(bob.address),
      bob.h160,
      bob.h160.toUpperCase().replace('0X', '0x'),
    ]) {
      expect((await get(`/api/jobs?owner=${owner}`)).body).toEqual(bobsJobs.body);
    }
    expect(jobIds((await get(`/api/jobs?owner=${alice.address}`)).body)).toEqual([a]);
    expect(jobIds((await get(`/api/jobs?owner=${charlie.address}`)).body)).toEqual([]);
    expect(jobIds((await get('/api/jobs')).body)).toEqual([a, b2, j]);
    expect(jobIds((await get('/api/jobs?status=Completed')).body)).toEqual([j]);

    const first = (await get(`/api/jobs?owner=${bob.address}&limit=1`)).body;
    expect(jobIds(first)).toEqual([b2]);
    const second = (await get(`/api/jobs?owner=${bob.address}&limit=1&cursor=${first.nextCursor}`))
      .body;
    expect(jobIds(second)).toEqual([j]);
    expect(second).not.toHaveProperty('nextCursor');

    const bad = await get('/api/jobs?owner=5NotAnAddress');
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({
      error: { code: 'VALIDATION_FAILED', details: { fields: [{ field: 'owner' }] } },
    });
    expect((await get('/api/jobs?cursor=bm9wZQ')).body).toMatchObject({
      error: { code: 'INVALID_CURSOR' },
    });
  });

  it('sends no null anywhere on the routes the frontend reads', async () => {
    const routes = [
      `/api/jobs/${ids['job']}`,
      `/api/jobs/${ids['bobJob2']}`,
      `/api/jobs/${ids['job']}/attestation`,
      `/api/jobs?owner=${bob.address}`,
      '/api/jobs',
      '/api/providers',
      '/api/data-nfts',
      '/api/phala/status',
      '/api/mev/savings',
    ];
    for (const route of routes) {
      const { status, body } = await get(route);
      expect({ route, status }).toEqual({ route, status: 200 });
      expect({ route, nulls: nullPaths(body) }).toEqual({ route, nulls: [] });
    }
  });

  it('GET /jobs filters by status, owner and provider and pages with a cursor', async () => {
    const all = (await get('/jobs')).body as { items: { id: string }[]; nextCursor: null };
    const idsOf = (items: { id: string }[]) => items.map((j) => j.id);
    const [j, b2, a] = [ids['job'], ids['bobJob2'], ids['aliceJob']].map(String);
    expect(idsOf(all.items)).toEqual([a, b2, j]);
    expect(all.nextCursor).toBeNull();
    expect(idsOf((await get(`/jobs?owner=${bob.h160}`)).body['items'])).toEqual([b2, j]);
    expect(idsOf((await get(`/jobs?provider=${charlie.h160}`)).body['items'])).toEqual([j]);
    expect(idsOf((await get('/jobs?status=Registered')).body['items'])).toEqual([a, b2]);
    expect(idsOf((await get('/jobs?status=Completed')).body['items'])).toEqual([j]);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page = (await get(`/jobs?limit=1${cursor ? `&cursor=${cursor}` : ''}`)).body as {
        items: { id: string }[];
        nextCursor: string | null;
      };
      expect(page.items.length).toBeLessThanOrEqual(1);
      seen.push(...idsOf(page.items));
      cursor = page.nextCursor;
    } while (cursor !== null);
    expect(seen).toEqual([a, b2, j]);
    expect((await get('/jobs?status=Failed')).status).toBe(400);
    expect((await get('/jobs?cursor=bm9wZQ')).body).toMatchObject({
      error: { code: 'INVALID_CURSOR' },
    });
  });

  it('GET /jobs/:id and /jobs/:id/status answer the projected job and its escrow', async () => {
    const { status, body } = await get(`/jobs/${ids['job']}`);
    expect(status).toBe(200);
    expect(body).toMatchObject({
      id: ids['job']!.toString(),
      owner: bob.h160,
      status: 'Completed',
      assignedProvider: charlie.h160,
      resultHash: 'sha256:feedbeef',
      completedBy: charlie.h160,
      escrow: {
        owner: bob.h160,
        provider: charlie.h160,
        amount: '0', // release_to_provider zeroes the record's amount
        released: true,
        refunded: false,
      },
    });
    expect((await get(`/jobs/${ids['job']}/status`)).body).toEqual({
      id: ids['job']!.toString(),
      status: 'Completed',
      assignedProvider: charlie.h160,
      updatedBlock: body['updatedBlock'],
    });
    expect((await get('/jobs/abc')).status).toBe(400);
    expect((await get('/jobs/424242/status')).status).toBe(404);
  });

  it('GET /jobs/:id/timeline lists each stage from the stored events with block differences', async () => {
    const { status, body } = await get(`/jobs/${ids['job']}/timeline`);
    expect(status).toBe(200);
    const stages = body['stages'] as {
      stage: string;
      block: string;
      blocksSincePrevious: string | null;
      blocksSinceSubmitted: string | null;
      isFinal: boolean;
    }[];
    expect(stages.map((s) => s.stage)).toEqual([
      'submitted',
      'deposited',
      'assigned',
      'statusChanged',
      'completed',
      'released',
    ]);
    const blocks = stages.map((s) => BigInt(s.block));
    stages.forEach((s, i) => {
      expect(s.isFinal).toBe(true);
      expect(s.blocksSincePrevious).toBe(i === 0 ? null : (blocks[i]! - blocks[i - 1]!).toString());
      expect(s.blocksSinceSubmitted).toBe((blocks[i]! - blocks[0]!).toString());
    });
    expect(blocks[5]! > blocks[0]!).toBe(true);
  });
});

function intent(minOutput: bigint) {
  return { encryptedIntent: 'e30=', tokenIn: 'DOT', tokenOut: 'USDT', minOutput };
}
