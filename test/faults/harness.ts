import { chmodSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mintApiToken } from '../../src/api/auth';
import { Secret } from '../../src/shared/secret';
import { seededRandom } from '../../src/shared/seeded-random';
import { ApiLoad } from './api-load';
import { ChainRecorder } from './chain-recorder';
import { Deployment } from './deployment';
import { Wallets } from './devnet-control';
import { JobTraffic } from './job-traffic';
import { judgeEvents, judgeJobs, judgeMev } from './judge';
import type { DeploymentVerdict } from './judge-types';
import { OwnedPostgres } from './owned-postgres';
import { runPhase, type PhaseResult } from './phase';
import { cliCommand, freePort, ManagedProcess } from './processes';
import type { HarnessOptions } from './harness-options';
import { buildReport, type FaultReport } from './report';
import { RpcProxy } from './rpc-proxy';
import { SecretScanner } from './secret-scan';
import { generateKey, generateMiniSecret, generateSecret, writeKeystore } from './secrets';
import { ServiceHttp } from './service-http';
import { SmallDisk } from './small-disk';
import { readChainTruth, type DeploymentKeys } from './snapshots';
import { IntentTraffic, UserSettler } from './user-side';
import { failWaitsOnDisconnect } from './wallet-lock';

const MAX_INPUT_BYTES = 256 * 1024;
const LEASE_TTL_MS = 4_000;
const DRAIN_MS = 15_000;
const FUNDS = 1_000_000n * 10_000_000_000n;

/** Cleanup steps, run in reverse order whatever happened. */
class Cleanup {
  private readonly steps: [string, () => unknown][] = [];
  add(name: string, step: () => unknown): void {
    this.steps.push([name, step]);
  }
  async run(say: (line: string) => void): Promise<void> {
    for (const [name, step] of this.steps.splice(0).reverse()) {
      try {
        await step();
      } catch (err) {
        say(`cleanup ${name}: ${(err as Error).message}`);
      }
    }
  }
}

let running: { cleanup: Cleanup; say: (line: string) => void } | null = null;

/** Stops what the run in progress started (processes, mounts, the PostgreSQL cluster): for Ctrl+C. */
export async function abortFaultHarness(): Promise<void> {
  await running?.cleanup.run(running.say);
}

/**
 * The fault run: a devnet and the service as separate processes (as a user runs them), users'
 * traffic, faults at seeded random moments in two phases (SQLite, then PostgreSQL with two
 * instances), and at the end the chain as the judge. Returns the guarantees report.
 */
export type { HarnessOptions };

export async function runFaultHarness(options: HarnessOptions): Promise<FaultReport> {
  const { profile, say } = options;
  const startedAt = new Date();
  const random = seededRandom(options.seed);
  const logDir = join(options.outDir, 'logs');
  mkdirSync(logDir, { recursive: true });
  const work = mkdtempSync(join(tmpdir(), 'polkamesh-faults-'));
  // the PostgreSQL server runs as its own user, which must reach its directory in here
  chmodSync(work, 0o755);
  const cleanup = new Cleanup();
  running = { cleanup, say };
  cleanup.add('work dir', () => rmSync(work, { recursive: true, force: true }));
  const scanner = new SecretScanner();
  const http = new ServiceHttp(scanner);
  try {
    const runs = new Set(options.deployments ?? ['sqlite', 'postgres']);
    const postgresStarting = runs.has('postgres')
      ? OwnedPostgres.start(join(work, 'pg'))
      : Promise.resolve(null);
    postgresStarting.catch(() => undefined);
    const devnet = new ManagedProcess(
      'devnet',
      [
        ...cliCommand(options.launcher),
        'devnet',
        '--port',
        '0',
        '--block-time',
        String(profile.blockTimeMs),
        '--finality-lag',
        String(profile.finalityLag),
      ],
      {},
      join(logDir, 'devnet.log'),
    );
    cleanup.add('devnet', () => devnet.kill());
    const devnetUrl = (await devnet.waitForOutput(/listening on (ws:\/\/\S+)/, 120_000))[1]!;
    say(
      `devnet ${devnetUrl} (blocks every ${profile.blockTimeMs} ms, finality lag ${profile.finalityLag})`,
    );
    const proxy = await RpcProxy.start(devnetUrl, seededRandom(options.seed ^ 0x5eed));
    cleanup.add('proxy', () => proxy.close());
    const recorder = await ChainRecorder.start(devnetUrl);
    cleanup.add('recorder', () => recorder.stop());
    const wallets = await Wallets.connect(devnetUrl);
    cleanup.add('wallets', () => wallets.close());
    failWaitsOnDisconnect(wallets.api);
    const users = await Promise.all(
      [
        '//FaultUser1',
        '//FaultUser2',
        '//FaultUser3',
        '//FaultMallory1',
        '//FaultMallory2',
        '//FaultMallory3',
        '//FaultDrain',
        '//FaultTrader',
      ].map((uri) => wallets.user(uri)),
    );
    const [good1, good2, good3, bad1, bad2, bad3, drainUser, trader] = users as [
      (typeof users)[number],
      (typeof users)[number],
      (typeof users)[number],
      (typeof users)[number],
      (typeof users)[number],
      (typeof users)[number],
      (typeof users)[number],
      (typeof users)[number],
    ];
    const traffic = new JobTraffic(
      [good1, good2, good3],
      [bad1, bad2, bad3],
      random,
      profile.jobsPerMinute,
      profile.badIntervalMs,
      say,
      () => wallets.api.isConnected,
    );
    const intents = new IntentTraffic(trader, random, (60_000 / profile.jobsPerMinute) * 2, say);
    const walletByH160 = new Map(users.map((user) => [user.h160, user]));

    const jwtSecret = generateSecret(scanner, 'JWT_SECRET');
    const uploadToken = mintApiToken(new Secret(jwtSecret), {
      sub: 'fault-harness',
      scopes: ['content:write'],
      ttlSeconds: 86_400,
    });
    const common = {
      NODE_ENV: 'production',
      LOG_FORMAT: 'json',
      LOG_LEVEL: 'info',
      RPC_URL: `${proxy.url},${devnetUrl}`,
      BLOCK_TIME_MS: String(profile.blockTimeMs),
      JWT_SECRET: jwtSecret,
      API_RATE_LIMIT: '1000000',
      JOB_POLL_INTERVAL_MS: '200',
      MAX_CONCURRENT_JOBS: '2',
      JOB_TIMEOUT: '4000',
      MAX_RETRIES: '1',
      JOB_MEMORY_LIMIT_MB: '400',
      JOB_MAX_INPUT_BYTES: String(MAX_INPUT_BYTES),
      SETTLEMENT_GRACE_BLOCKS: String(profile.graceBlocks),
      MEV_CLEARING_PRICES: 'DOT:USDT=3/2',
      SHUTDOWN_DRAIN_MS: String(DRAIN_MS),
      LEASE_TTL_MS: String(LEASE_TTL_MS),
    };
    const phases: { result: PhaseResult; verdict: DeploymentVerdict; keys: DeploymentKeys }[] = [];
    const deployments: Deployment[] = [];
    const diskNotes: string[] = [];

    const runOne = async (setup: {
      name: 'sqlite' | 'postgres';
      databaseUrl: string;
      instances: number;
      env: Record<string, string>;
      keys: DeploymentKeys;
      disk: SmallDisk | null;
      postgres: OwnedPostgres | null;
    }) => {
      const deployment = new Deployment(
        setup.name,
        setup.databaseUrl,
        await Promise.all(
          Array.from({ length: setup.instances }, async (_, i) => ({
            id: `${setup.name}-${i + 1}`,
            port: await freePort(),
          })),
        ),
        { ...common, ...setup.env },
        options.launcher,
        logDir,
      );
      deployments.push(deployment);
      cleanup.add(`${setup.name} instances`, async () => {
        for (const instance of deployment.instances) {
          instance.supervised = false;
          await instance.kill();
        }
        await deployment.close();
      });
      const settler = new UserSettler(
        wallets.api,
        () => traffic.jobs.filter((job) => job.phase === setup.name),
        walletByH160,
        http,
        () => deployment.liveUrls()[0] ?? null,
        say,
      );
      const apiLoad = new ApiLoad(
        http,
        () => deployment.liveUrls(),
        () => traffic.jobs,
        random,
        4,
      );
      say(
        `phase ${setup.name}: ${setup.instances} instance(s), ${setup.keys.settlementMode} escrows`,
      );
      const result = await runPhase({
        world: {
          phase: setup.name,
          profile,
          random,
          say,
          devnetUrl,
          proxy,
          deployment,
          http,
          recorder,
          disk: setup.disk,
          postgres: setup.postgres,
          drainUser,
          harnessConnected: () => wallets.api.isConnected && recorder.api.isConnected,
          workerH160: setup.keys.workerH160,
          leaseTtlMs: LEASE_TTL_MS,
          drainMs: DRAIN_MS,
        },
        plan: setup.name === 'sqlite' ? profile.sqlite : profile.postgres,
        keys: setup.keys,
        traffic,
        intents,
        settler,
        apiLoad,
        uploadToken,
        maxInputBytes: MAX_INPUT_BYTES,
        // every bad-input kind goes on-chain once, in the first deployment of the run
        waitForBadKinds: phases.length === 0,
        reader: good1,
      });
      phases.push({ result, keys: setup.keys, verdict: null as unknown as DeploymentVerdict });
    };

    // Phase 1: SQLite on a small tmpfs, one instance, user-signed escrows.
    const runSqlite = async () => {
      const sqliteDir = join(work, 'sqlite');
      const mounted = SmallDisk.mount(sqliteDir, 512);
      const disk = mounted instanceof SmallDisk ? mounted : null;
      if (disk !== null) {
        cleanup.add('tmpfs', () => disk.unmount());
      } else {
        const reason = (mounted as { skipped: string }).skipped;
        diskNotes.push(reason);
        say(`disk-full fault skipped: ${reason}`);
      }
      const sqliteWorker = await generateKey(scanner, 'WORKER_SEED (sqlite)');
      await wallets.fund(sqliteWorker.address, FUNDS);
      await runOne({
        name: 'sqlite',
        databaseUrl: `sqlite:${join(sqliteDir, 'polkamesh.db')}`,
        instances: 1,
        env: {
          WORKER_SEED: sqliteWorker.secret,
          ATTESTATION_SEED: generateMiniSecret(scanner, 'ATTESTATION_SEED'),
          SETTLEMENT_MODE: 'user-signed',
          CONTENT_STORE_DIR: join(work, 'content-sqlite'),
        },
        keys: {
          workerAccount: sqliteWorker.accountId,
          workerH160: sqliteWorker.h160,
          custodyAccount: sqliteWorker.accountId,
          custodyH160: sqliteWorker.h160,
          settlementMode: 'user-signed',
        },
        disk,
        postgres: null,
      });
    };

    // Phase 2: PostgreSQL owned by the harness, two instances, custodial escrows.
    const runPostgres = async () => {
      const postgres = (await postgresStarting)!;
      cleanup.add('postgres', () => postgres.stop());
      const dbPassword = generateSecret(scanner, 'database password', 18);
      const databaseUrl = await postgres.createDatabase(
        'polkamesh_faults',
        'polkamesh',
        dbPassword,
      );
      const pgWorker = await generateKey(scanner, 'WORKER_SEED (postgres)');
      const custody = await generateKey(scanner, 'ADMIN_SEED');
      await wallets.fund(pgWorker.address, FUNDS);
      await wallets.fund(custody.address, FUNDS);
      const keystore = await writeKeystore(
        scanner,
        'attestation keystore',
        join(work, 'attestation-keystore.json'),
      );
      await runOne({
        name: 'postgres',
        databaseUrl,
        instances: 2,
        env: {
          WORKER_SEED: pgWorker.secret,
          ADMIN_SEED: custody.secret,
          ATTESTATION_KEYSTORE_FILE: keystore.file,
          ATTESTATION_KEYSTORE_PASSWORD: keystore.password,
          SETTLEMENT_MODE: 'custodial',
          CONTENT_STORE_DIR: join(work, 'content-postgres'),
        },
        keys: {
          workerAccount: pgWorker.accountId,
          workerH160: pgWorker.h160,
          custodyAccount: custody.accountId,
          custodyH160: custody.h160,
          settlementMode: 'custodial',
        },
        disk: null,
        postgres,
      });
    };

    if (runs.has('sqlite')) {
      await runSqlite();
    }
    if (runs.has('postgres')) {
      await runPostgres();
    }

    // The chain as the judge.
    await recorder.catchUp();
    say(
      `judge: chain read to #${recorder.recordedTo}: ${recorder.events.length} contract events, ${recorder.calls.length} contract calls` +
        (recorder.newClients.length > 0
          ? ` (new recorder clients after a block kept failing: ${recorder.newClients.join('; ')})`
          : ''),
    );
    const truth = await readChainTruth(good1, recorder.events, recorder.calls, traffic.jobs);
    for (const phase of phases) {
      phase.verdict = {
        name: phase.result.snapshot.name,
        events: judgeEvents(truth.events, phase.result.snapshot),
        ...judgeJobs(truth, phase.result.snapshot),
      };
    }
    const mev = judgeMev(truth, new Set(phases.map((p) => p.keys.workerAccount)));
    const scannedFiles = scanner.scanDirectory(logDir);
    return buildReport({
      options,
      startedAt,
      finishedAt: new Date(),
      phases,
      deployments,
      mev,
      http: http.tally,
      secrets: { names: scanner.names, files: scannedFiles, findings: scanner.findings },
      traffic: { tally: traffic.tally, jobs: traffic.jobs, intents: intents.intents },
      proxy: proxy.counters,
      notes: diskNotes,
    });
  } finally {
    await cleanup.run(say);
    running = null;
  }
}
