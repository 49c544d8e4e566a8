/**
 * Memory: the resident set size of the service (`polkamesh start` in its own process, SQLite file,
 * job engine on, RPC_URL to a devnet in its own process) with `--jobs` projected jobs stored
 * (each with its escrow) and `--queued` of them queued in job_work, at rest, during a bounded API
 * load and after it; baseline: the same service on an empty database, at rest, in the same run.
 *
 *   npx tsx bench/memory.bench.ts [--jobs 100000] [--queued 1000] [--requests 10000]
 *                                 [--load-seconds 60] [--concurrency 8] [--rounds 3]
 *                                 [--settle-seconds 8] [--quick]
 *
 * The load stops at `--requests` or after `--load-seconds`, whichever comes first.
 * The database is seeded through the projection repository's own row mappers (multi-row inserts);
 * the queued jobs are due in a day, so the engine holds them without running them. The load is
 * GET /jobs/:id over random ids and, every tenth request, the next page of GET /jobs?limit=50
 * (following nextCursor), from keep-alive connections in this process. RSS is read from
 * /proc/<pid>/status; heap and external memory from the service's own /metrics (prom-client's
 * default process metrics). "At rest" follows a full GC, asked for through the service's inspector
 * (opened on a free loopback port for the bench), then is the median of samples over a settle
 * period.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Keyring } from '@polkadot/api';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import { h160FromAccountId } from '../src/contracts';
import { migrateToLatest, openDatabase } from '../src/storage';
import {
  commandLine,
  isQuick,
  numberArg,
  reportResult,
  runBench,
  type Figure,
} from './support/bench-result';
import { startBenchDevnet, type BenchDevnet } from './support/devnet-child';
import { apiLoad, type LoadResult } from './support/memory-load';
import { seedJobs } from './support/memory-seed';
import { BenchService } from './support/service-child';

const MiB = 2 ** 20;
const WORKER_SEED = '//Dave';

interface ProcessMemory {
  readonly rss: number;
  readonly heapUsed: number | null;
  readonly heapTotal: number | null;
  readonly external: number | null;
}

const pause = (ms: number) => new Promise((done) => setTimeout(done, ms));

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

/** The middle item by `key` (the upper middle of an even count). */
function medianBy<T>(items: readonly T[], key: (item: T) => number): T {
  const sorted = [...items].sort((a, b) => key(a) - key(b));
  return sorted[Math.floor(sorted.length / 2)]!;
}

function metric(text: string, name: string): number | null {
  const match = new RegExp(`^${name}(?:\\{[^}]*\\})? (\\S+)$`, 'm').exec(text);
  return match ? Number(match[1]) : null;
}

/** What /metrics says of the heap, with the RSS read from /proc just after. */
async function memoryOf(service: BenchService): Promise<ProcessMemory> {
  const res = await fetch(`${service.url}/metrics`);
  const text = await res.text();
  return {
    rss: service.rssBytes(),
    heapUsed: metric(text, 'nodejs_heap_size_used_bytes'),
    heapTotal: metric(text, 'nodejs_heap_size_total_bytes'),
    external: metric(text, 'nodejs_external_memory_bytes'),
  };
}

/**
 * At rest: a full GC through the inspector, then RSS samples every 500 ms for `ms`; their median,
 * and the heap as /metrics reports it.
 */
async function atRest(service: BenchService, ms: number): Promise<ProcessMemory> {
  await service.collectGarbage();
  const samples: number[] = [];
  for (const end = Date.now() + ms; Date.now() < end;) {
    samples.push(service.rssBytes());
    await pause(500);
  }
  const memory = await memoryOf(service);
  return { ...memory, rss: median([...samples, memory.rss]) };
}

function serviceEnv(devnet: BenchDevnet, databaseUrl: string, contentDir: string) {
  return {
    DATABASE_URL: databaseUrl,
    RPC_URL: devnet.url,
    WORKER_SEED,
    CONTENT_STORE_DIR: contentDir,
    LOG_LEVEL: 'warn',
    API_RATE_LIMIT: '1000000',
    DEMO_TRAFFIC: 'false',
    DEVNET_BLOCK_TIME_MS: '1000',
  };
}

function mib(bytes: number | null): string {
  return bytes === null ? '–' : `${(bytes / MiB).toFixed(1)} MiB`;
}

async function main(): Promise<void> {
  const quick = isQuick();
  const jobs = numberArg('jobs', quick ? 10_000 : 100_000);
  const queued = numberArg('queued', quick ? 100 : 1_000);
  const requests = numberArg('requests', quick ? 2_000 : 10_000);
  const loadMs = numberArg('load-seconds', quick ? 20 : 60) * 1000;
  const concurrency = numberArg('concurrency', 8);
  const settleMs = numberArg('settle-seconds', quick ? 4 : 8) * 1000;
  const rounds = numberArg('rounds', quick ? 1 : 3);

  await cryptoWaitReady();
  const worker = h160FromAccountId(
    new Keyring({ type: 'sr25519' }).addFromUri(WORKER_SEED).publicKey,
  );
  const dir = mkdtempSync(join(tmpdir(), 'polkamesh-bench-memory-'));
  const devnet = await startBenchDevnet({ instant: true });
  const services: BenchService[] = [];
  try {
    const emptyUrl = `sqlite:${join(dir, 'empty.db')}`;
    const fullUrl = `sqlite:${join(dir, 'full.db')}`;
    for (const url of [emptyUrl, fullUrl]) {
      const database = await openDatabase(url);
      try {
        await migrateToLatest(database);
        if (url === fullUrl) {
          const started = performance.now();
          await seedJobs(database, { jobs, queued, worker });
          const seconds = (performance.now() - started) / 1000;
          process.stdout.write(
            `seeded ${jobs} jobs (${queued} queued) in ${seconds.toFixed(1)} s\n`,
          );
        }
      } finally {
        await database.close();
      }
    }

    const env = (url: string, name: string) =>
      serviceEnv(devnet, url, join(dir, `content-${name}`));
    const emptyRests: ProcessMemory[] = [];
    const fullRests: ProcessMemory[] = [];
    let load: LoadResult | undefined;
    let afterLoad: ProcessMemory | undefined;
    for (let round = 1; round <= rounds; round++) {
      process.stdout.write(`round ${round}: the service on an empty database…\n`);
      const empty = await BenchService.start('empty', env(emptyUrl, 'empty'), { inspect: true });
      services.push(empty);
      emptyRests.push(await atRest(empty, settleMs));
      await empty.stop();
      process.stdout.write(`round ${round}: with ${jobs} jobs stored, ${queued} queued…\n`);
      const full = await BenchService.start('full', env(fullUrl, 'full'), { inspect: true });
      services.push(full);
      fullRests.push(await atRest(full, settleMs));
      if (round === rounds) {
        load = await apiLoad(full, jobs, requests, concurrency, loadMs);
        afterLoad = await atRest(full, settleMs);
      }
      await full.stop();
      process.stdout.write(
        `  rss at rest: empty ${mib(emptyRests.at(-1)!.rss)}, full ${mib(fullRests.at(-1)!.rss)}\n`,
      );
    }
    if (load === undefined || afterLoad === undefined) {
      throw new Error('--rounds must be at least 1');
    }
    // the medians' rounds, so that each heap breakdown belongs to its RSS
    const emptyRest = medianBy(emptyRests, (m) => m.rss);
    const rest = medianBy(fullRests, (m) => m.rss);

    const peak = Math.max(...load.rssSamples);
    const loadMedian = median(load.rssSamples);
    const perJob = (rest.rss - emptyRest.rss) / jobs;
    const rows = [
      `empty database, at rest:  rss ${mib(emptyRest.rss)}, heap used ${mib(emptyRest.heapUsed)} of ${mib(emptyRest.heapTotal)}, external ${mib(emptyRest.external)}`,
      `${jobs} jobs, at rest:     rss ${mib(rest.rss)}, heap used ${mib(rest.heapUsed)} of ${mib(rest.heapTotal)}, external ${mib(rest.external)}`,
      `under load (${load.requests} requests in ${load.seconds.toFixed(1)} s, ${(load.requests / load.seconds).toFixed(0)} req/s): rss median ${mib(loadMedian)}, peak ${mib(peak)}`,
      `after the load:           rss ${mib(afterLoad.rss)}, heap used ${mib(afterLoad.heapUsed)} of ${mib(afterLoad.heapTotal)}, external ${mib(afterLoad.external)}`,
      `per stored job at rest: ${perJob.toFixed(0)} bytes`,
    ];
    process.stdout.write(`${rows.join('\n')}\n`);

    const baseline = { name: 'empty database, at rest', value: emptyRest.rss / MiB };
    const rss = (name: string, bytes: number): Figure => ({
      name,
      value: bytes / MiB,
      unit: 'MiB',
      baseline,
      better: 'lower',
    });
    const heap = (when: string, m: ProcessMemory): Figure[] =>
      m.heapUsed === null || m.external === null
        ? []
        : [
            {
              name: `${when}: V8 heap used (of ${(m.heapTotal! / MiB).toFixed(0)} MiB allocated)`,
              value: m.heapUsed / MiB,
              unit: 'MiB',
            },
            {
              name: `${when}: external (Buffers, ArrayBuffers)`,
              value: m.external / MiB,
              unit: 'MiB',
            },
            {
              name: `${when}: the rest of the RSS (code, stacks, SQLite, native)`,
              value: (m.rss - m.heapTotal! - m.external) / MiB,
              unit: 'MiB',
            },
          ];
    reportResult({
      bench: 'memory',
      title: `Service memory (RSS) with ${jobs.toLocaleString('en-US')} jobs stored`,
      command: commandLine('bench/memory.bench.ts'),
      figures: [
        { name: 'empty database, at rest, RSS', value: emptyRest.rss / MiB, unit: 'MiB' },
        ...heap('empty database, at rest', emptyRest),
        rss(`${jobs} jobs stored, ${queued} queued, at rest, RSS`, rest.rss),
        ...heap(`${jobs} jobs, at rest`, rest),
        rss(`under API load, RSS median`, loadMedian),
        rss(`under API load, RSS peak`, peak),
        rss(`after the load, RSS`, afterLoad.rss),
        ...heap('after the load', afterLoad),
        { name: 'RSS per stored job at rest (full − empty) / jobs', value: perJob, unit: 'bytes' },
      ],
      notes: [
        `the service as \`polkamesh start\` in its own process (node --import tsx cli/main.ts), ` +
          `SQLite file, job engine on (WORKER_SEED), LOG_LEVEL warn, devnet in its own process; ` +
          `${jobs} projected jobs each with its escrow, the last ${queued} assigned to the worker ` +
          'and queued in job_work (due in a day: held, not run)',
        `${rounds} rounds, each the empty database's service then the seeded one's, one after ` +
          `another; at rest: the round with the median RSS (rounds: empty ${emptyRests.map((m) => (m.rss / MiB).toFixed(0)).join(', ')} MiB; ` +
          `seeded ${fullRests.map((m) => (m.rss / MiB).toFixed(0)).join(', ')} MiB), each the median of RSS samples every 500 ms over ${settleMs / 1000} s after a full GC ` +
          "(HeapProfiler.collectGarbage through the service's inspector, opened on a loopback " +
          'port for the bench); heap and external from its /metrics, taken just after',
        `load (last round): ${load.requests} requests (at most ${requests} and ${loadMs / 1000} s) ` +
          `from ${concurrency} keep-alive connections, ` +
          `${(load.requests / load.seconds).toFixed(0)} req/s: GET /jobs/:id over random ids, ` +
          `every tenth GET /jobs?limit=50 following nextCursor (${load.pages} pages); ` +
          'RSS sampled every 250 ms',
        'RSS is the service process alone; a sandbox child (one per running job) is its own process and none ran here',
      ],
    });
  } finally {
    for (const service of services) {
      await service.stop();
    }
    await devnet.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

runBench('memory', main);
