import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultContractAddresses } from '../../devnet/devnet';
import { PinoLogger } from '../../src/logging';
import { NOOP_LOGGER } from '../../src/shared';
import { loadConfig } from '../../src/config';
import { UserWallet } from '../../src/demo';
import { confidentialPayloadLink, type JobWork } from '../../src/jobs/engine';
import { ContractProjector } from '../../src/projections';
import { JobServices } from '../../src/runtime';
import type { ChainClient } from '../../src/chain/chain-client';
import type { Database, DialectName, SqlStorage } from '../../src/storage';
import type { TestDatabase } from './databases';
import { startDevnetApi, type DevnetApi } from './devnet-api';
import { chainClientFor, openTestStorage, startFollower } from './follower-harness';
import { TEST_TX_CONFIG } from './tx-harness';
import { waitFor } from './wait-for';

export const WORKER_SEED = '//Dave';
export const CUSTODY_SEED = '//Ferdie';
const ONE_PAS = 10_000_000_000n;

export interface EngineHarness {
  readonly chain: DevnetApi;
  readonly storage: SqlStorage;
  /** The database under `storage` (read-only queries such as SqlProjectionTotals). */
  readonly database: Database;
  /** The chain client the services use (started). */
  readonly client: ChainClient;
  readonly services: JobServices;
  readonly contentDir: string;
  /** A user wallet for a dev account (`//Bob`), mapped for pallet-revive. */
  wallet(uri: string): Promise<UserWallet>;
  /** A standard job submitted by `user` (default //Bob, budget 1 PAS) and assigned to our worker. */
  submitToWorker(
    modelRef: string,
    dataRef: string,
    options?: { user?: string; budgetPlanck?: bigint; deadlineBlocks?: number },
  ): Promise<bigint>;
  /** Waits until the job's on-chain follow-up is done (or `predicate` holds). */
  waitForWork(
    jobId: bigint,
    predicate: (work: JobWork) => boolean,
    timeoutMs?: number,
  ): Promise<JobWork>;
  close(): Promise<void>;
}

/**
 * The devnet, real storage of `dialect`, the follower with the contract projector, and the job
 * services (transaction manager, sandbox, engine) exactly as the service builds them.
 */
export async function startEngineHarness(
  dialect: DialectName,
  env: Record<string, string> = {},
): Promise<EngineHarness> {
  const chain = await startDevnetApi();
  let db: TestDatabase | undefined;
  const contentDir = mkdtempSync(join(tmpdir(), 'polkamesh-cas-'));
  try {
    const opened = await openTestStorage(dialect);
    db = opened.db;
    const { storage, database } = opened;
    const config = loadConfig({
      RPC_URL: chain.devnet.url,
      WORKER_SEED,
      ADMIN_SEED: CUSTODY_SEED,
      CONTENT_STORE_DIR: contentDir,
      JOB_POLL_INTERVAL_MS: '100',
      SETTLEMENT_GRACE_BLOCKS: '5',
      ...env,
    });
    const log = process.env['ENGINE_DEBUG']
      ? PinoLogger.create('engine', { level: 'debug', format: 'json' })
      : NOOP_LOGGER;
    const client = chainClientFor([chain.devnet.url]);
    await client.start();
    const services = await JobServices.start({
      config,
      storage,
      client,
      endpoints: [chain.devnet.url],
      log,
      txConfig: TEST_TX_CONFIG,
    });
    const follower = await startFollower(
      [chain.devnet.url],
      storage,
      {},
      new ContractProjector(client, {
        origin: services.worker.address,
        linkPayload: confidentialPayloadLink(services.confidentialKeys),
      }),
    );
    const addresses = defaultContractAddresses();
    const wallet = async (uri: string) => {
      const user = new UserWallet(chain.api, chain.keyring.addFromUri(uri), addresses);
      await user.ensureMapped();
      return user;
    };
    return {
      chain,
      storage,
      database,
      client,
      services,
      contentDir,
      wallet,
      submitToWorker: async (modelRef, dataRef, options = {}) => {
        const user = await wallet(options.user ?? '//Bob');
        const job = await user.submitJob({
          modelRef,
          dataRef,
          privacyRequired: false,
          budgetPlanck: options.budgetPlanck ?? ONE_PAS,
          ...(options.deadlineBlocks === undefined
            ? {}
            : { deadlineBlocks: options.deadlineBlocks }),
        });
        await user.assignProvider(job.id, services.worker.h160);
        return job.id;
      },
      waitForWork: (jobId, predicate, timeoutMs = 90_000) =>
        waitFor(
          async () => {
            const work = await storage.work.get(jobId);
            return work !== null && predicate(work) ? work : null;
          },
          timeoutMs,
          `job ${jobId} work state`,
          100,
        ),
      close: async () => {
        await services.stop();
        await follower.stop();
        await client.stop();
        await database.close();
        await db?.drop();
        await chain.close();
        rmSync(contentDir, { recursive: true, force: true });
      },
    };
  } catch (err) {
    await chain.close();
    await db?.drop();
    rmSync(contentDir, { recursive: true, force: true });
    throw err;
  }
}
