/**
 * Orchestration overhead: the job pipeline with a no-op executor (every model answers at once,
 * in the real sandbox child) against an instant-finality devnet, built as the service builds it
 * (follower + contract projector, transaction manager, sandbox, engine; service default config,
 * SQLite). Measured from outside through the service's own hooks (follower progress, engine
 * stages, transaction manager submissions); nothing in the engine is changed for it.
 *
 *   npx tsx bench/orchestration.bench.ts [--jobs 100] [--latency-jobs 20] [--quick]
 *
 * 1. Backlog: `--jobs` jobs submitted and assigned to the worker before the job services start;
 *    then jobs/s from their start until every job is `succeeded` (admission → execution →
 *    attestation, first follow-up in the outbox), and until every follow-up is done (chain
 *    inclusion and finality of every step included). Baseline: the same no-op executor called
 *    through a warm sandbox child, one job after another.
 * 2. Latency: `--latency-jobs` jobs one at a time, each from its finalized JobAssigned being
 *    stored (follower progress) to the first chain action of the job signed and submitted.
 * 3. Chain inclusion, separately: submitted → in a block, per action.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ApiPromise, Keyring, WsProvider } from '@polkadot/api';
import { defaultContractAddresses } from '../devnet/devnet';
import { ChainFollower } from '../src/chain/follower/chain-follower';
import { loadConfig } from '../src/config';
import { h160FromAccountId } from '../src/contracts';
import { UserWallet } from '../src/demo';
import { ExecutorSandbox } from '../src/executors/sandbox';
import { confidentialPayloadLink } from '../src/jobs/engine';
import { ContractProjector } from '../src/projections';
import { NOOP_LOGGER } from '../src/shared';
import type { StorageRepositories } from '../src/storage';
import { createLogRoot, PinoLogger } from '../src/logging';
import { JobServices } from '../src/runtime';
import {
  chainClientFor,
  FOLLOWER_DEFAULTS,
  openTestStorage,
} from '../test/support/follower-harness';
import { commandLine, isQuick, numberArg, reportResult, runBench } from './support/bench-result';
import { startBenchDevnet } from './support/devnet-child';
import { OrchestrationTimeline, percentile } from './support/orchestration-timeline';

const NOOP_EXECUTORS = join(__dirname, 'support', 'noop-executors.ts');
const WORKER_SEED = '//Dave';
const CUSTODY_SEED = '//Ferdie';
const ONE_PAS = 10_000_000_000n;
const DATA_REF = 'data:,hello';
const MODEL_REF = 'ocr:pp-ocrv4';

/** The no-op executor through a warm sandbox child, one call after another: calls per second. */
async function sandboxBaseline(calls: number): Promise<number> {
  const sandbox = new ExecutorSandbox<string>({
    timeoutMs: 60_000,
    memoryLimitMb: 1_024,
    reuseChildren: true,
    maxJobsPerChild: 1_000_000,
    idleChildTtlMs: 60_000,
    childModule: NOOP_EXECUTORS,
  });
  const request = {
    model: { kind: 'ocr', model: 'pp-ocrv4' } as const,
    input: new TextEncoder().encode('hello'),
    inputMediaType: 'text/plain',
  };
  try {
    await sandbox.run('ocr', request);
    const started = performance.now();
    for (let i = 0; i < calls; i++) {
      const outcome = await sandbox.run('ocr', request);
      if (outcome.status !== 'ok') {
        throw new Error(`the no-op executor answered ${JSON.stringify(outcome)}`);
      }
    }
    return calls / ((performance.now() - started) / 1000);
  } finally {
    await sandbox.close();
  }
}

async function main(): Promise<void> {
  const quick = isQuick();
  const backlog = numberArg('jobs', quick ? 10 : 100);
  const latencyJobs = numberArg('latency-jobs', quick ? 5 : 20);
  const timeoutMs = numberArg('timeout-seconds', 600) * 1000;

  const devnet = await startBenchDevnet({ instant: true, finalityDelayMs: 0 });
  const contentDir = mkdtempSync(join(tmpdir(), 'polkamesh-bench-cas-'));
  const { db, database, storage } = await openTestStorage('sqlite');
  const client = chainClientFor([devnet.url]);
  const api = await ApiPromise.create({ provider: new WsProvider(devnet.url), noInitWarn: true });
  const timeline = new OrchestrationTimeline();
  let follower: ChainFollower<StorageRepositories> | undefined;
  let services: JobServices | undefined;
  try {
    await client.start();
    const keyring = new Keyring({ type: 'sr25519', ss58Format: 42 });
    const worker = keyring.addFromUri(WORKER_SEED);
    const workerH160 = h160FromAccountId(worker.publicKey);
    const user = new UserWallet(api, keyring.addFromUri('//Bob'), defaultContractAddresses());
    await user.ensureMapped();
    // the projector's dry runs read as the worker, which pallet-revive wants mapped first
    await new UserWallet(api, worker, defaultContractAddresses()).ensureMapped();
    const submitAssigned = async () => {
      const job = await user.submitJob({
        modelRef: MODEL_REF,
        dataRef: DATA_REF,
        privacyRequired: false,
        budgetPlanck: ONE_PAS,
      });
      const assigned = await user.assignProvider(job.id, workerH160);
      const header = await api.rpc.chain.getHeader(assigned.blockHash);
      return { id: job.id, block: header.number.toBigInt() };
    };

    process.stdout.write(`submitting and assigning ${backlog} jobs…\n`);
    const backlogJobs = [];
    for (let i = 0; i < backlog; i++) {
      backlogJobs.push(await submitAssigned());
    }
    const config = loadConfig({
      RPC_URL: devnet.url,
      WORKER_SEED,
      ADMIN_SEED: CUSTODY_SEED,
      CONTENT_STORE_DIR: contentDir,
      // the service deposits, then releases, itself: every follow-up step is its own to finish
      SETTLEMENT_MODE: 'custodial',
    });
    const lastBlock = backlogJobs.at(-1)!.block;
    follower = new ChainFollower<StorageRepositories>(
      client,
      storage,
      new ContractProjector(client, {
        origin: worker.address,
        linkPayload: confidentialPayloadLink(null),
      }),
      { ...FOLLOWER_DEFAULTS },
      process.env['BENCH_DEBUG']
        ? new PinoLogger(createLogRoot({ level: 'debug', format: 'pretty' }), 'follower')
        : NOOP_LOGGER,
      (progress) => {
        timeline.onProgress(progress);
        // as src/runtime wires it: new finalized events wake the engine
        if (progress.events > 0) {
          services?.engine.wake();
        }
      },
    );
    await follower.start();
    await timeline.until(
      () => timeline.storedAt(lastBlock) !== undefined,
      timeoutMs,
      'the backlog projected',
    );

    process.stdout.write('starting the job services on the backlog…\n');
    const started = performance.now();
    services = await JobServices.start({
      config,
      storage,
      client,
      endpoints: [devnet.url],
      log: NOOP_LOGGER,
      engineListener: timeline.engine,
      txListener: timeline.tx,
      sandboxChildModule: NOOP_EXECUTORS,
    });
    const ids = backlogJobs.map((j) => j.id);
    const all = (stage: string) => () =>
      ids.every((id) => timeline.stageAt(id, stage) !== undefined);
    await timeline.until(all('succeeded'), timeoutMs, `${backlog} jobs succeeded`);
    const succeededAt = Math.max(...ids.map((id) => timeline.stageAt(id, 'succeeded')!));
    await timeline
      .until(all('follow-up-done'), timeoutMs, `${backlog} follow-ups done`)
      .catch((err: unknown) => {
        const stages = ids.map(
          (id) => `${id}: ${[...(timeline.stages.get(id)?.keys() ?? [])].join(' ')}`,
        );
        throw new Error(`${(err as Error).message}\n${stages.join('\n')}`);
      });
    const doneAt = Math.max(...ids.map((id) => timeline.stageAt(id, 'follow-up-done')!));
    const engineRate = backlog / ((succeededAt - started) / 1000);
    const endToEndRate = backlog / ((doneAt - started) / 1000);

    process.stdout.write(`latency: ${latencyJobs} jobs one at a time…\n`);
    const latencies: number[] = [];
    for (let i = 0; i < latencyJobs; i++) {
      const job = await submitAssigned();
      await timeline.until(
        () => timeline.firstSubmitted.has(job.id) && timeline.storedAt(job.block) !== undefined,
        timeoutMs,
        `job ${job.id}'s first chain action`,
      );
      latencies.push(timeline.firstSubmitted.get(job.id)! - timeline.storedAt(job.block)!);
    }
    const inclusion = [...timeline.submitted.entries()]
      .filter(([key]) => timeline.included.has(key))
      .map(([key, at]) => timeline.included.get(key)! - at);
    const baseline = await sandboxBaseline(quick ? 20 : 200);

    const p50 = percentile(latencies, 0.5);
    const p99 = percentile(latencies, 0.99);
    const rows = [
      `backlog of ${backlog} jobs: ${engineRate.toFixed(1)} jobs/s to succeeded (attested), ` +
        `${endToEndRate.toFixed(2)} jobs/s to every follow-up done on-chain`,
      `no-op executor through a warm sandbox child: ${baseline.toFixed(0)} calls/s`,
      `finalized JobAssigned stored → first chain action submitted (${latencyJobs} jobs): ` +
        `p50 ${p50.toFixed(0)} ms, p99 ${p99.toFixed(0)} ms`,
      `chain action submitted → in a block (${inclusion.length} actions): p50 ` +
        `${percentile(inclusion, 0.5).toFixed(0)} ms, p99 ${percentile(inclusion, 0.99).toFixed(0)} ms`,
    ];
    process.stdout.write(`${rows.join('\n')}\n`);
    const sandboxName = 'no-op executor via warm sandbox child, sequential';
    reportResult({
      bench: 'orchestration',
      title: 'Orchestration overhead (no-op executor, instant finality)',
      command: commandLine('bench/orchestration.bench.ts'),
      figures: [
        { name: sandboxName, value: baseline, unit: 'jobs/s' },
        {
          name: `backlog of ${backlog}: admission → execution → attestation (succeeded)`,
          value: engineRate,
          unit: 'jobs/s',
          baseline: { name: sandboxName, value: baseline },
          better: 'higher',
        },
        {
          name: `backlog of ${backlog}: every on-chain follow-up finalized`,
          value: endToEndRate,
          unit: 'jobs/s',
          baseline: { name: sandboxName, value: baseline },
          better: 'higher',
        },
        {
          name: 'finalized JobAssigned stored → first action submitted, p50',
          value: p50,
          unit: 'ms',
        },
        {
          name: 'finalized JobAssigned stored → first action submitted, p99',
          value: p99,
          unit: 'ms',
        },
        {
          name: 'chain action submitted → in a block, p50',
          value: percentile(inclusion, 0.5),
          unit: 'ms',
        },
        {
          name: 'chain action submitted → in a block, p99',
          value: percentile(inclusion, 0.99),
          unit: 'ms',
        },
      ],
      notes: [
        `service defaults: JOB_POLL_INTERVAL_MS ${config.jobs.pollIntervalMs}, ` +
          `MAX_CONCURRENT_JOBS ${config.jobs.maxConcurrent}; SETTLEMENT_MODE custodial (the ` +
          'service deposits and releases: every follow-up step is its own); ' +
          'transaction manager default config (outbox poll 500 ms); SQLite',
        'the engine wakes on new finalized events and on recorded attempts, the transaction manager on each new action (ADR 0021); their poll intervals are fallbacks',
        `devnet in ${devnet.where}, instant blocks, finality without delay; ` +
          'job services, follower and user wallet in this process',
      ],
    });
  } finally {
    await services?.stop();
    await follower?.stop();
    await client.stop();
    await api.disconnect();
    await database.close();
    await db.drop();
    await devnet.stop();
    rmSync(contentDir, { recursive: true, force: true });
  }
}

runBench('orchestration', main);
