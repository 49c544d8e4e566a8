import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultContractAddresses } from '../../devnet/devnet';
import { startApiServer, type ApiConfig, type ApiServer } from '../../src/api';
import { NOOP_LOGGER } from '../../src/shared';
import type { PolkadotChainClient } from '../../src/chain/polkadot/polkadot-chain-client';
import { loadConfig } from '../../src/config';
import type { H160, ProviderProfile } from '../../src/contracts';
import { ContractGateway, UserWallet } from '../../src/demo';
import { ContractProjector } from '../../src/projections';
import { JobServices } from '../../src/runtime';
import type { Database, DialectName, SqlStorage } from '../../src/storage';
import { STORY_DIALECTS, type TestDatabase } from '../support/databases';
import { startDevnetApi, type DevnetApi } from '../support/devnet-api';
import { chainClientFor, openTestStorage, startFollower } from '../support/follower-harness';
import { readContract, TEST_TX_CONFIG } from '../support/tx-harness';
import { waitFor } from '../support/wait-for';
import { TEST_API_CONFIG } from '../support/api-config';

const WORKER_SEED = '//Dave';
const UNITS_PER_PLANCK = 100_000_000n; // spec §2.2: value reaches a revive contract × 1e8
const STAKE_PLANCK = 20_000_000_000n;
const PROVIDER_ENV = {
  PROVIDER_ENDPOINT: 'https://dave.worker.test/ai',
  PROVIDER_COMPUTE_UNITS: '12',
  PROVIDER_HOURLY_RATE: '300000000',
  PROVIDER_STAKE_PLANCK: STAKE_PLANCK.toString(),
};
const API_CONFIG: ApiConfig = TEST_API_CONFIG;
const WAIT_MS = 60_000;

describe.each(STORY_DIALECTS)('provider registration on a devnet (%s)', (dialect: DialectName) => {
  let chain: DevnetApi;
  let db: TestDatabase;
  let database: Database;
  let storage: SqlStorage;
  let reads: PolkadotChainClient;
  let following: Awaited<ReturnType<typeof startFollower>>;
  let server: ApiServer;
  let services: JobServices | null = null;
  let gateway: ContractGateway;
  let alice: UserWallet;
  let dave: UserWallet;
  const contentDir = mkdtempSync(join(tmpdir(), 'polkamesh-provider-'));
  const addresses = defaultContractAddresses();

  const startServices = async (env: Record<string, string>) => {
    const config = loadConfig({
      RPC_URL: chain.devnet.url,
      WORKER_SEED,
      CONTENT_STORE_DIR: contentDir,
      JOB_POLL_INTERVAL_MS: '100',
      ENABLE_MEV_PROCESSING: 'false',
      ...env,
    });
    services = await JobServices.start({
      config,
      storage,
      client: reads,
      endpoints: [chain.devnet.url],
      log: NOOP_LOGGER,
      txConfig: TEST_TX_CONFIG,
    });
    return services;
  };
  const stopServices = async () => {
    await services?.stop();
    services = null;
  };
  const onChain = async (provider: H160) =>
    (await readContract(reads, alice.address, 'computeProviderRegistry', 'get_provider', {
      provider,
    })) as ProviderProfile | null;
  const registryEvents = (eventName: string) =>
    storage.events.count({ contract: 'computeProviderRegistry', eventName, isFinal: true });
  const get = async (path: string) => {
    const res = await fetch(`${server.url}${path}`);
    return { status: res.status, body: (await res.json()) as any };
  };

  beforeAll(async () => {
    chain = await startDevnetApi();
    ({ db, database, storage } = await openTestStorage(dialect));
    const wallet = (uri: string) =>
      new UserWallet(chain.api, chain.keyring.addFromUri(uri), addresses);
    [alice, dave] = [wallet('//Alice'), wallet(WORKER_SEED)];
    await alice.ensureMapped();
    gateway = new ContractGateway(chain.api, addresses);
    reads = chainClientFor([chain.devnet.url]);
    await reads.start();
    following = await startFollower(
      [chain.devnet.url],
      storage,
      {},
      new ContractProjector(reads, { origin: alice.address }),
    );
    server = await startApiServer(
      {
        store: storage,
        chain: reads,
        contracts: addresses,
        readOrigin: alice.address,
        log: NOOP_LOGGER,
      },
      API_CONFIG,
    );
  }, 120_000);

  afterAll(async () => {
    await stopServices();
    await server?.close();
    await following?.stop();
    await reads?.stop();
    await database?.close();
    await db?.drop();
    await chain?.close();
    rmSync(contentDir, { recursive: true, force: true });
  });

  it('registers the worker with the configured stake, endpoint, units and rate', async () => {
    const started = await startServices(PROVIDER_ENV);
    const profile = await waitFor(() => onChain(dave.h160), WAIT_MS, 'get_provider(worker)');
    expect(profile).toMatchObject({
      provider: dave.h160,
      endpoint: 'https://dave.worker.test/ai',
      computeUnits: 12n,
      hourlyRate: 300_000_000n,
      isActive: true,
      stake: STAKE_PLANCK * UNITS_PER_PLANCK,
      reputationScore: 100,
    });
    const projected = await waitFor(
      () => storage.projections.getProvider(dave.h160),
      WAIT_MS,
      'projected provider',
    );
    expect(projected).toMatchObject({ endpoint: profile.endpoint, stake: profile.stake });
    const view = await waitFor(
      async () => {
        const v = await started.provider.view();
        return v.state === 'in-sync' ? v : null;
      },
      WAIT_MS,
      'registration in sync',
    );
    expect(view).toMatchObject({
      provider: dave.h160,
      desired: { endpoint: 'https://dave.worker.test/ai', hourlyRate: 300_000_000n, active: true },
      onChain: { stake: STAKE_PLANCK * UNITS_PER_PLANCK, reputation: 100, active: true },
      pendingActions: [],
    });
  }, 120_000);

  it('changes the endpoint and rate on-chain through ProviderAdmin.update', async () => {
    const view = await services!.provider.update({
      endpoint: 'https://moved.worker.test',
      hourlyRate: 7n,
    });
    expect(view.desired).toMatchObject({ endpoint: 'https://moved.worker.test', hourlyRate: 7n });
    expect(view.pendingActions).toHaveLength(1);
    const moved = await waitFor(
      async () => {
        const p = await onChain(dave.h160);
        return p?.endpoint === 'https://moved.worker.test' ? p : null;
      },
      WAIT_MS,
      'updated profile',
    );
    expect(moved).toMatchObject({ hourlyRate: 7n, computeUnits: 12n, isActive: true });
  }, 120_000);

  it('does not register twice, nor undo the operator change, after a restart', async () => {
    await stopServices();
    const restarted = await startServices(PROVIDER_ENV);
    await waitFor(
      async () => (await restarted.provider.view()).state === 'in-sync',
      WAIT_MS,
      'in sync after restart',
    );
    expect(await registryEvents('ProviderRegistered')).toBe(1);
    expect(
      await readContract(reads, alice.address, 'computeProviderRegistry', 'get_provider_count'),
    ).toBe(1n);
    expect(await onChain(dave.h160)).toMatchObject({
      endpoint: 'https://moved.worker.test',
      hourlyRate: 7n,
    });
    expect(await registryEvents('ProviderUpdated')).toBe(1);
  }, 120_000);

  it('sets the worker active again after it was deactivated behind its back', async () => {
    await gateway.call(
      dave.pair,
      { contract: 'computeProviderRegistry', message: 'setActive', args: [false] },
      'finalized',
    );
    await waitFor(
      async () => (await registryEvents('ProviderActiveChanged')) === 2,
      WAIT_MS,
      'ProviderActiveChanged false, then true',
    );
    expect((await onChain(dave.h160))?.isActive).toBe(true);
    const changes = await storage.events.listRecent({
      contract: 'computeProviderRegistry',
      eventName: 'ProviderActiveChanged',
      limit: 10,
    });
    expect(changes.items.map((e) => (e.decoded as { isActive: boolean }).isActive)).toEqual([
      true,
      false,
    ]);
  }, 120_000);

  it('lists the providers that fit a job over HTTP, with the reasons of the others', async () => {
    const charlie = new UserWallet(chain.api, chain.keyring.addFromUri('//Charlie'), addresses);
    const bob = new UserWallet(chain.api, chain.keyring.addFromUri('//Bob'), addresses);
    for (const w of [charlie, bob]) {
      await w.ensureMapped();
    }
    await charlie.registerProvider({
      endpoint: 'https://charlie.test',
      computeUnits: 1n,
      hourlyRate: 10n ** 30n,
      stakePlanck: 1n,
    });
    const job = await bob.submitJob({
      modelRef: 'ocr:pp-ocrv4',
      dataRef: 'data:text/plain,hi',
      privacyRequired: false,
      budgetPlanck: 1_000n,
    });
    await waitFor(
      async () =>
        (await storage.projections.getProvider(charlie.h160)) && storage.projections.getJob(job.id),
      WAIT_MS,
      'job and second provider projected',
    );
    const { status, body } = await get(`/jobs/${job.id}/providers?estimatedSeconds=7200`);
    expect(status).toBe(200);
    expect(body).toMatchObject({
      jobId: job.id.toString(),
      budget: (1_000n * UNITS_PER_PLANCK).toString(),
      minStake: '500',
      estimatedSeconds: '7200',
      fits: [
        {
          provider: dave.h160,
          endpoint: 'https://moved.worker.test',
          hourlyRate: '7',
          estimatedCost: '14',
          reputation: 100,
        },
      ],
      excluded: [
        {
          provider: charlie.h160,
          estimatedCost: (2n * 10n ** 30n).toString(),
          reasons: [
            { code: 'OVER_BUDGET', message: expect.stringContaining('exceeds the budget') },
          ],
        },
      ],
    });
    expect((await get('/jobs/999999/providers')).status).toBe(404);
    const bad = await get(`/jobs/${job.id}/providers?estimatedSeconds=0`);
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('VALIDATION_FAILED');
  }, 120_000);

  it('gives a clear reason when the stake is below min_stake, and sends nothing', async () => {
    await stopServices();
    await gateway.call(
      alice.pair,
      {
        contract: 'computeProviderRegistry',
        message: 'setMinStake',
        args: [STAKE_PLANCK * UNITS_PER_PLANCK * 10n],
      },
      'finalized',
    );
    const eve = new UserWallet(chain.api, chain.keyring.addFromUri('//Eve'), addresses);
    const started = await startServices({ ...PROVIDER_ENV, WORKER_SEED: '//Eve' });
    const view = await waitFor(
      async () => {
        const v = await started.provider.view();
        return v.state === 'blocked' ? v : null;
      },
      WAIT_MS,
      'registration blocked',
    );
    expect(view.blockedReason).toBe(
      `PROVIDER_STAKE_PLANCK=${STAKE_PLANCK} (${STAKE_PLANCK * UNITS_PER_PLANCK} contract units) ` +
        `is below the registry's min_stake of ${STAKE_PLANCK * UNITS_PER_PLANCK * 10n} contract ` +
        'units; raise the stake to register',
    );
    expect(view.onChain).toBeNull();
    expect(await onChain(eve.h160)).toBeNull();
    expect(await registryEvents('ProviderRegistered')).toBe(2);
  }, 120_000);
});
