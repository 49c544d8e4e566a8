/**
 * Scale-out: two instances of the service on one PostgreSQL database against one, on CPU-bound
 * jobs (PP-OCRv4 on an eight-line image, in the real sandbox child), each instance with one
 * execution slot (MAX_CONCURRENT_JOBS=1): jobs per second and the ratio two / one.
 *
 *   npx tsx bench/scale-out.bench.ts [--jobs 20] [--quick]
 *
 * Each scenario has its own devnet (own process, instant blocks), its own fresh PostgreSQL
 * database (TEST_POSTGRES_URL, else a throwaway local cluster) and one content store the
 * instances share (ADR 0008). `--jobs` OCR jobs are submitted before the instances start (all at
 * once) and assigned to the worker, one after another, once every instance runs; the rate is the
 * jobs over the time from the first attempt started to the last job succeeded (the engine's own
 * timeline in job_work_events), and, end to end, to the last of the jobs' chain actions finalized (mark in progress, attestation
 * anchor and record, mark completed, mark processed; settlement is the user's: user-signed mode).
 * Only the leader follows the chain; the job engine and the transaction manager run on every
 * instance and claim work from the database. Which instance ran each attempt comes from its log (`job <id> running`).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os, { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ApiPromise, Keyring, WsProvider } from '@polkadot/api';
import { defaultContractAddresses } from '../devnet/devnet';
import { FsContentStore } from '../src/content-store';
import { UserWallet } from '../src/demo';
import { renderTextImage } from '../test/fixtures/text-image';
import { createPostgresTestDatabase } from '../test/support/databases';
import { stopPostgresTestServer } from '../test/support/postgres-server';
import { waitFor } from '../test/support/wait-for';
import { commandLine, isQuick, numberArg, reportResult, runBench } from './support/bench-result';
import { startBenchDevnet } from './support/devnet-child';
import { BenchService } from './support/service-child';

const PAS = 10_000_000_000n;
const WORKER_SEED = '//Dave';
const MODEL_REF = 'ocr:pp-ocrv4';
const IMAGE_LINES = 8;
const WAIT_MS = 240_000;
const ACTIVE_ACTIONS = ['pending', 'claimed', 'submitted', 'included'];

interface ScenarioResult {
  readonly instances: number;
  /** jobs / (last succeeded − first attempt started) */
  readonly executionRate: number;
  /** jobs / (the jobs' last chain action finalized − first attempt started) */
  readonly endToEndRate: number;
  readonly seconds: number;
  /** attempts each instance started, from its log */
  readonly attemptsPerInstance: readonly number[];
  readonly attempts: number;
  /** the first attempt started before every instance said it ran */
  readonly startedBeforeAllRan: boolean;
  /** mean time of one job from its attempt started to succeeded */
  readonly meanJobMs: number;
  /** the machine's idle CPU share (all cores) while the jobs ran */
  readonly idleShare: number;
}

/** The machine's CPU time so far, all cores, in clock ticks (Linux /proc/stat). */
function machineCpu(): { idle: number; total: number } {
  const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1);
  const ticks = fields.map(Number);
  return { idle: (ticks[3] ?? 0) + (ticks[4] ?? 0), total: ticks.reduce((a, b) => a + b, 0) };
}

function ocrImage(job: number): Uint8Array {
  return renderTextImage(
    Array.from({ length: IMAGE_LINES }, (_, line) => `JOB ${job} LINE ${line} POLKAMESH 2026`),
  );
}

async function scenario(instances: number, images: readonly Uint8Array[]): Promise<ScenarioResult> {
  const devnet = await startBenchDevnet({ instant: true });
  const api = await ApiPromise.create({ provider: new WsProvider(devnet.url), noInitWarn: true });
  const db = await createPostgresTestDatabase();
  const database = await db.open();
  const contentDir = mkdtempSync(join(tmpdir(), 'polkamesh-bench-scale-'));
  const services: BenchService[] = [];
  try {
    const keyring = new Keyring({ type: 'sr25519', ss58Format: 42 });
    const bob = new UserWallet(api, keyring.addFromUri('//Bob'), defaultContractAddresses());
    const worker = new UserWallet(api, keyring.addFromUri(WORKER_SEED), defaultContractAddresses());
    await bob.ensureMapped();
    await worker.ensureMapped();
    const contents = new FsContentStore(contentDir);
    const ids: bigint[] = [];
    for (const image of images) {
      const digest = await contents.put(image, 'image/png');
      const job = await bob.submitJob({
        modelRef: MODEL_REF,
        dataRef: `cas:${digest}`,
        privacyRequired: false,
        budgetPlanck: PAS,
      });
      ids.push(job.id);
    }
    process.stdout.write(`${instances} instance(s): ${ids.length} jobs submitted; starting…\n`);
    const started = await Promise.all(
      Array.from({ length: instances }, (_, i) =>
        BenchService.start(
          `instance-${i + 1}`,
          {
            DATABASE_URL: db.url,
            RPC_URL: devnet.url,
            WORKER_SEED,
            INSTANCE_ID: `bench-instance-${i + 1}`,
            CONTENT_STORE_DIR: contentDir,
            MAX_CONCURRENT_JOBS: '1',
            JOB_POLL_INTERVAL_MS: '200',
            LOG_LEVEL: 'info',
            DEMO_TRAFFIC: 'false',
          },
          { countLines: /job \d+ (running)/ },
        ).then((service) => {
          services.push(service);
          return service;
        }),
      ),
    );
    const allRanAt = new Date();
    const cpuBefore = machineCpu();
    // assigned only now, so that no instance starts work before the others run
    for (const id of ids) {
      await bob.assignProvider(id, worker.h160);
    }
    const tails = () => started.map((s) => s.tail).join('\n');
    await waitFor(
      async () => {
        const row = await database.db
          .selectFrom('job_work')
          .select(({ fn }) => fn.countAll<string>().as('n'))
          .where('state', '=', 'succeeded')
          .executeTakeFirstOrThrow();
        return Number(row.n) >= ids.length;
      },
      WAIT_MS,
      `${ids.length} jobs succeeded\n${tails()}`,
      250,
    );
    const cpuAfter = machineCpu();
    // settlement is the user's (user-signed mode): the service's part ends with its chain actions
    await waitFor(
      async () => {
        const active = await database.db
          .selectFrom('chain_actions')
          .select('idempotency_key')
          .where('status', 'in', ACTIVE_ACTIONS)
          .execute();
        return active.length === 0;
      },
      WAIT_MS,
      `every chain action of the jobs finalized\n${tails()}`,
      250,
    );
    const failedOrOther = await database.db
      .selectFrom('job_work')
      .select(['queue_job_id', 'state', 'attempts'])
      .execute();
    if (failedOrOther.some((w) => w.state !== 'succeeded')) {
      throw new Error(`jobs not succeeded: ${JSON.stringify(failedOrOther)}`);
    }
    const events = await database.db
      .selectFrom('job_work_events')
      .select(['queue_job_id', 'stage', 'at'])
      .where('stage', 'in', ['running', 'succeeded'])
      .execute();
    const times = (stage: string) =>
      events.filter((e) => e.stage === stage).map((e) => new Date(e.at).getTime());
    const firstRunning = Math.min(...times('running'));
    const perJobMs = ids.map((id) => {
      const at = (stage: string) =>
        new Date(
          events.find((e) => e.queue_job_id === id.toString() && e.stage === stage)!.at,
        ).getTime();
      return at('succeeded') - at('running');
    });
    const lastSucceeded = Math.max(...times('succeeded'));
    const actions = await database.db
      .selectFrom('chain_actions')
      .select(['status', 'updated_at'])
      .where('idempotency_key', 'like', 'job:%')
      .execute();
    if (actions.some((a) => a.status !== 'finalized')) {
      throw new Error(`job chain actions not finalized: ${JSON.stringify(actions)}`);
    }
    const lastFollowUp = Math.max(...actions.map((a) => new Date(a.updated_at).getTime()));
    const attempts = failedOrOther.reduce((sum, w) => sum + Number(w.attempts), 0);
    return {
      instances,
      executionRate: ids.length / ((lastSucceeded - firstRunning) / 1000),
      endToEndRate: ids.length / ((lastFollowUp - firstRunning) / 1000),
      seconds: (lastSucceeded - firstRunning) / 1000,
      attemptsPerInstance: started.map((s) => s.counted.get('running') ?? 0),
      attempts,
      startedBeforeAllRan: firstRunning < allRanAt.getTime(),
      meanJobMs: perJobMs.reduce((sum, ms) => sum + ms, 0) / perJobMs.length,
      idleShare: (cpuAfter.idle - cpuBefore.idle) / Math.max(1, cpuAfter.total - cpuBefore.total),
    };
  } finally {
    await Promise.all(services.map((s) => s.stop()));
    await api.disconnect();
    await database.close();
    await db.drop();
    await devnet.stop();
    rmSync(contentDir, { recursive: true, force: true });
  }
}

function describe(r: ScenarioResult): string {
  return (
    `${r.instances} instance(s): ${r.executionRate.toFixed(2)} jobs/s to succeeded ` +
    `(${r.seconds.toFixed(1)} s), ${r.endToEndRate.toFixed(2)} jobs/s to every chain action finalized; ` +
    `attempts per instance ${r.attemptsPerInstance.join(' + ')} (${r.attempts} in the ledger); ` +
    `one job attempt → succeeded ${(r.meanJobMs / 1000).toFixed(2)} s on average; ` +
    `machine CPU idle ${(r.idleShare * 100).toFixed(0)} % meanwhile` +
    (r.startedBeforeAllRan ? '; the first attempt started before every instance ran' : '')
  );
}

async function main(): Promise<void> {
  const jobs = numberArg('jobs', isQuick() ? 4 : 20);
  const images = Array.from({ length: jobs }, (_, i) => ocrImage(i));
  const loadAtStart = os.loadavg()[0] ?? 0;
  let one: ScenarioResult;
  let two: ScenarioResult;
  try {
    one = await scenario(1, images);
    process.stdout.write(`${describe(one)}\n`);
    two = await scenario(2, images);
    process.stdout.write(`${describe(two)}\n`);
  } finally {
    await stopPostgresTestServer();
  }
  const cores = os.cpus().length;
  const oneName = 'one instance';
  reportResult({
    bench: 'scale-out',
    title: 'Scale-out: two instances on one PostgreSQL against one (CPU-bound OCR jobs)',
    command: commandLine('bench/scale-out.bench.ts'),
    figures: [
      {
        name: 'one instance: first attempt → last succeeded',
        value: one.executionRate,
        unit: 'jobs/s',
      },
      {
        name: 'two instances: first attempt → last succeeded',
        value: two.executionRate,
        unit: 'jobs/s',
        baseline: { name: oneName, value: one.executionRate },
        better: 'higher',
      },
      {
        name: 'one job, attempt started → succeeded, mean, two instances',
        value: two.meanJobMs,
        unit: 'ms',
        baseline: { name: 'one instance', value: one.meanJobMs },
        better: 'lower',
      },
      {
        name: "one instance: first attempt → the jobs' last chain action finalized",
        value: one.endToEndRate,
        unit: 'jobs/s',
      },
      {
        name: "two instances: first attempt → the jobs' last chain action finalized",
        value: two.endToEndRate,
        unit: 'jobs/s',
        baseline: { name: oneName, value: one.endToEndRate },
        better: 'higher',
      },
    ],
    notes: [
      `${jobs} jobs per scenario, ${MODEL_REF} on a PNG of ${IMAGE_LINES} text lines each (a content-store ` +
        'ref), in the sandbox child; MAX_CONCURRENT_JOBS 1 per instance; SETTLEMENT_MODE ' +
        'user-signed; each scenario with its own devnet (own process, instant blocks) and its ' +
        'own fresh PostgreSQL database; the instances share one content store',
      `attempts per instance (from each instance's log): one ${one.attemptsPerInstance.join('')}; ` +
        `two ${two.attemptsPerInstance.join(' + ')} (ledger attempts: one ${one.attempts}, ` +
        `two ${two.attempts})`,
      `one job from attempt started to succeeded, mean: one instance ${(one.meanJobMs / 1000).toFixed(2)} s, ` +
        `two instances ${(two.meanJobMs / 1000).toFixed(2)} s; the machine's idle CPU while the ` +
        `jobs ran: ${(one.idleShare * 100).toFixed(0)} % and ${(two.idleShare * 100).toFixed(0)} %`,
      'only the leader follows the chain (lease); every instance runs the job engine and the ' +
        'transaction manager, claiming jobs and actions from the database (ADR 0008)',
      `this machine has ${cores} cores, shared with other work (1-minute load ${loadAtStart.toFixed(1)} ` +
        'at the start): two CPU-bound instances, the devnet and PostgreSQL on them cannot reach 2× ' +
        'and will be less (under `nice`, the bench and its instances also yield to the ' +
        "machine's other work); the ratio is what this machine allowed, not the design's ceiling",
    ],
  });
}

runBench('scale-out', main);
