/**
 * GET /jobs/:id through the real API (the app's Fastify handler for it, ADR 0022: rate limit,
 * validation, response schema, request logs, the projection read from a real SQLite file; CORS and
 * request ids as every route of the app) against a bare Fastify route that answers the
 * same JSON bytes from memory. Same process, same keep-alive client, same concurrency, rounds
 * alternating between the two targets. Prints requests/s, p50 and p99 per target and the ratios.
 * Then each target is paced at a fixed rate (open loop, 2,000 req/s by default: the p99
 * target), latency counted from each request's scheduled time, so a stall shows in full.
 * Usage: npx tsx bench/api-job-read.bench.ts [--requests 20000] [--concurrency 32] [--rounds 3]
 *        [--rate 2000] [--paced-seconds 5] [--quick]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import Fastify from 'fastify';
import { startApiServer, type ApiServer } from '../src/api';
import { NOOP_LOGGER } from '../src/shared';
import { PASEO_CONTRACT_ADDRESSES, CONTRACT_NAMES, type ContractName } from '../src/contracts';
import type { H160 } from '../src/contracts/types';
import { migrateToLatest, openDatabase, SqlStorage } from '../src/storage';
import { commandLine, isQuick, numberArg, reportResult, runBench } from './support/bench-result';

const QUICK = isQuick();
const REQUESTS = numberArg('requests', QUICK ? 2_000 : 20_000);
const CONCURRENCY = numberArg('concurrency', 32);
const ROUNDS = numberArg('rounds', QUICK ? 1 : 3);
const RATE = numberArg('rate', 2_000);
const PACED_SECONDS = numberArg('paced-seconds', QUICK ? 2 : 5);
const JOB_ID = 7n;

interface RoundResult {
  readonly rps: number;
  readonly p50: number;
  readonly p99: number;
  /** CPU time of this whole process (client, both servers) per request, in ms. */
  readonly cpuMs: number;
}

/** `total` GETs of `url` from `concurrency` keep-alive connections; every answer must be 200. */
async function load(url: string, total: number, concurrency: number): Promise<RoundResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  const latencies = new Float64Array(total);
  let next = 0;
  const once = () =>
    new Promise<void>((resolve, reject) => {
      const req = request(url, { agent }, (res) => {
        res.resume();
        res.on('end', () =>
          res.statusCode === 200 ? resolve() : reject(new Error(`status ${res.statusCode}`)),
        );
      });
      req.on('error', reject);
      req.end();
    });
  const worker = async () => {
    for (;;) {
      const index = next++;
      if (index >= total) {
        return;
      }
      const start = performance.now();
      await once();
      latencies[index] = performance.now() - start;
    }
  };
  const started = performance.now();
  const cpuBefore = process.cpuUsage();
  await Promise.all(Array.from({ length: concurrency }, worker));
  const cpu = process.cpuUsage(cpuBefore);
  const elapsed = performance.now() - started;
  agent.destroy();
  const sorted = [...latencies].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;
  return {
    rps: (total / elapsed) * 1000,
    p50: at(0.5),
    p99: at(0.99),
    cpuMs: (cpu.user + cpu.system) / 1000 / total,
  };
}

/**
 * GETs of `url` at `rate` per second for `seconds`, each sent at its scheduled time whatever the
 * earlier ones do (open loop); latency from the scheduled time (or the send, if a timer fired
 * early). p50 and p99 in ms.
 */
async function paced(
  url: string,
  rate: number,
  seconds: number,
): Promise<{ p50: number; p99: number }> {
  const agent = new Agent({ keepAlive: true, maxSockets: 256 });
  const total = Math.round(rate * seconds);
  const latencies = new Float64Array(total);
  const started = performance.now();
  const sends: Promise<void>[] = [];
  for (let i = 0; i < total; i++) {
    const due = started + (i * 1000) / rate;
    const ahead = due - performance.now();
    if (ahead > 1) {
      await new Promise((resume) => setTimeout(resume, ahead));
    }
    // a request sent a little early (timers fire in whole ms) counts from when it was sent
    const from = Math.min(due, performance.now());
    sends.push(
      new Promise<void>((resolve, reject) => {
        const req = request(url, { agent }, (res) => {
          res.resume();
          res.on('end', () => {
            latencies[i] = performance.now() - from;
            return res.statusCode === 200
              ? resolve()
              : reject(new Error(`status ${res.statusCode}`));
          });
        });
        req.on('error', reject);
        req.end();
      }),
    );
  }
  await Promise.all(sends);
  agent.destroy();
  const sorted = [...latencies].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;
  return { p50: at(0.5), p99: at(0.99) };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'polkamesh-bench-api-'));
  const database = await openDatabase(`sqlite:${join(dir, 'bench.db')}`);
  let api: ApiServer | undefined;
  const bare = Fastify({ logger: false });
  try {
    await migrateToLatest(database);
    const storage = new SqlStorage(database);
    const owner: H160 = `0x${'ab'.repeat(20)}`;
    const provider: H160 = `0x${'cd'.repeat(20)}`;
    await storage.projections.upsertJob({
      id: JOB_ID,
      owner,
      modelRef: 'ocr:pp-ocrv4',
      dataRef: `cas:sha256:${'12'.repeat(32)}`,
      budget: 10_000_000_000n * 100_000_000n,
      status: 'Completed',
      assignedProvider: provider,
      deadline: 1_000_000,
      privacyRequired: false,
      resultHash: `sha256:${'34'.repeat(32)}`,
      completedBy: provider,
      cancelCount: 0,
      submittedBlock: 100n,
      updated: { block: 140n, seq: 3 },
    });
    await storage.projections.upsertEscrow({
      jobId: JOB_ID,
      owner,
      provider,
      amount: 0n,
      released: true,
      refunded: false,
      depositedBlock: 101n,
      updated: { block: 150n, seq: 1 },
    });
    const contracts = Object.fromEntries(
      CONTRACT_NAMES.map((name) => {
        const a = PASEO_CONTRACT_ADDRESSES[name];
        return [name, a.pallet === 'revive' ? a.h160 : a.accountId];
      }),
    ) as Record<ContractName, string>;
    api = await startApiServer(
      {
        store: storage,
        // GET /jobs/:id never reads the chain; the view only has to exist.
        chain: {
          getFinalizedHead: () => Promise.reject(new Error('no chain in this bench')),
          getEndpointStates: () => [],
          dryRun: () => Promise.reject(new Error('no chain in this bench')),
        },
        contracts,
        readOrigin: null,
        log: NOOP_LOGGER,
        // Request logs are written (as in production, LOG_LEVEL=info) and discarded.
        logStream: new Writable({ write: (_chunk, _encoding, done) => done() }),
      },
      {
        host: '127.0.0.1',
        port: 0,
        rateLimitPerMinute: 100_000_000,
        frontendOrigins: ['http://localhost:3001'],
        maxLagBlocks: 50,
        chainTimeoutMs: 1_000,
        logLevel: 'info',
      },
    );
    const path = `/jobs/${JOB_ID}`;
    const real = await fetch(`${api.url}${path}`);
    const body = await real.text();
    if (real.status !== 200) {
      throw new Error(`the real API answered ${real.status}: ${body}`);
    }
    bare.get('/jobs/:id', (_req, reply) => {
      void reply.header('content-type', 'application/json; charset=utf-8').send(body);
    });
    const bareUrl = await bare.listen({ host: '127.0.0.1', port: 0 });
    const targets = { api: `${api.url}${path}`, bare: `${bareUrl}${path}` } as const;

    console.log(
      `GET ${path} (${body.length} bytes JSON): ${REQUESTS} requests per round, ${CONCURRENCY} keep-alive connections, ${ROUNDS} rounds`,
    );
    for (const url of Object.values(targets)) {
      await load(url, Math.min(2_000, REQUESTS), CONCURRENCY); // warm-up
    }
    const results: Record<keyof typeof targets, RoundResult[]> = { api: [], bare: [] };
    for (let round = 1; round <= ROUNDS; round++) {
      for (const name of ['api', 'bare'] as const) {
        const r = await load(targets[name], REQUESTS, CONCURRENCY);
        results[name].push(r);
        console.log(
          `  round ${round} ${name.padEnd(4)}: ${r.rps.toFixed(0).padStart(6)} req/s  p50 ${r.p50.toFixed(2)} ms  p99 ${r.p99.toFixed(2)} ms  cpu ${r.cpuMs.toFixed(3)} ms/req`,
        );
      }
    }
    const summary = (name: keyof typeof targets) => ({
      rps: median(results[name].map((r) => r.rps)),
      p50: median(results[name].map((r) => r.p50)),
      p99: median(results[name].map((r) => r.p99)),
      cpuMs: median(results[name].map((r) => r.cpuMs)),
    });
    const a = summary('api');
    const b = summary('bare');
    console.log('median of rounds:');
    console.log(
      `  real API (Nest + SQLite): ${a.rps.toFixed(0)} req/s, p50 ${a.p50.toFixed(2)} ms, p99 ${a.p99.toFixed(2)} ms`,
    );
    console.log(
      `  bare Fastify (memory):    ${b.rps.toFixed(0)} req/s, p50 ${b.p50.toFixed(2)} ms, p99 ${b.p99.toFixed(2)} ms`,
    );
    console.log(
      `  CPU per request (process, client included): api ${a.cpuMs.toFixed(3)} ms, bare ${b.cpuMs.toFixed(3)} ms; API's own extra ${(a.cpuMs - b.cpuMs).toFixed(3)} ms`,
    );
    console.log(
      `  ratio api/bare: throughput ${(a.rps / b.rps).toFixed(3)}, p50 ${(a.p50 / b.p50).toFixed(2)}x, p99 ${(a.p99 / b.p99).toFixed(2)}x`,
    );
    const pacedApi = await paced(targets.api, RATE, PACED_SECONDS);
    const pacedBare = await paced(targets.bare, RATE, PACED_SECONDS);
    console.log(
      `paced at ${RATE} req/s for ${PACED_SECONDS} s (latency from the scheduled time): api p50 ${pacedApi.p50.toFixed(2)} ms p99 ${pacedApi.p99.toFixed(2)} ms; bare p50 ${pacedBare.p50.toFixed(2)} ms p99 ${pacedBare.p99.toFixed(2)} ms`,
    );
    const bareName = 'bare Fastify, same JSON from memory';
    reportResult({
      bench: 'api-job-read',
      title: `GET /jobs/:id through the real API against bare Fastify`,
      command: commandLine('bench/api-job-read.bench.ts'),
      figures: [
        {
          name: 'real API (Nest + SQLite, request logs on), req/s',
          value: a.rps,
          unit: 'req/s',
          baseline: { name: bareName, value: b.rps },
          better: 'higher',
        },
        {
          name: 'real API CPU per request (whole bench process, client included)',
          value: a.cpuMs,
          unit: 'ms',
          baseline: { name: bareName, value: b.cpuMs },
          better: 'lower',
        },
        {
          name: 'real API p50',
          value: a.p50,
          unit: 'ms',
          baseline: { name: bareName, value: b.p50 },
          better: 'lower',
        },
        {
          name: 'real API p99',
          value: a.p99,
          unit: 'ms',
          baseline: { name: bareName, value: b.p99 },
          better: 'lower',
        },
        {
          name: `real API p99, paced at ${RATE} req/s`,
          value: pacedApi.p99,
          unit: 'ms',
          baseline: { name: `${bareName}, same pace`, value: pacedBare.p99 },
          better: 'lower',
        },
        {
          name: `real API p50, paced at ${RATE} req/s`,
          value: pacedApi.p50,
          unit: 'ms',
          baseline: { name: `${bareName}, same pace`, value: pacedBare.p50 },
          better: 'lower',
        },
      ],
      notes: [
        `${body.length} bytes of JSON; ${REQUESTS} requests per round, ${CONCURRENCY} keep-alive ` +
          `connections, ${ROUNDS} rounds alternating the two targets; medians of the rounds; ` +
          `then each target paced at ${RATE} req/s for ${PACED_SECONDS} s (open loop, latency from ` +
          'the scheduled time)',
        'targets (issue 11): ≥ 0.7× bare, p99 ≤ 5 ms at 2,000 req/s',
      ],
    });
  } finally {
    await api?.close();
    await bare.close();
    await database.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

runBench('api job read', main);
