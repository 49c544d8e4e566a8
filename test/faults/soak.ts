import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mintApiToken } from '../../src/api/auth';
import { parseServicePublicKey } from '../../src/confidential';
import { Secret } from '../../src/shared/secret';
import { seededRandom } from '../../src/shared/seeded-random';
import { affineModel, neverEndingModel, unboundedAllocationModel } from '../fixtures/onnx-models';
import { ApiLoad } from './api-load';
import { ChainRecorder } from './chain-recorder';
import { Deployment } from './deployment';
import { Wallets } from './devnet-control';
import { JobTraffic, pauseUnless } from './job-traffic';
import { judgeEvents } from './judge';
import { cliCommand, freePort, ManagedProcess, type Launcher } from './processes';
import { SecretScanner } from './secret-scan';
import { generateKey, generateMiniSecret, generateSecret } from './secrets';
import { ServiceHttp } from './service-http';
import { readApi, readStore } from './snapshots';
import { IntentTraffic, UserSettler } from './user-side';

const SAMPLE_EVERY_MS = 10_000;
const MiB = 1024 * 1024;
/** Growth over the second half that counts as unbounded: this much, or this share of the first half's median. */
const GROWTH_FLOOR_BYTES = 48 * MiB;
const GROWTH_SHARE = 0.15;

export interface SoakSample {
  readonly atMs: number;
  readonly rssBytes: number;
  /** nodejs_eventloop_lag_p99_seconds and nodejs_eventloop_lag_seconds from /metrics */
  readonly loopDelayP99Ms: number | null;
  readonly loopDelayMs: number | null;
  readonly heapUsedBytes: number | null;
}

export interface SoakResult {
  readonly pass: boolean;
  readonly verdict: string;
}

export function parseDuration(text: string): number {
  const match = /^(\d+(?:\.\d+)?)(s|m|h)$/.exec(text.trim());
  if (match === null) {
    throw new Error(`expected a duration like 90s, 60m or 2h, got ${text}`);
  }
  return Number(match[1]) * { s: 1_000, m: 60_000, h: 3_600_000 }[match[2] as 's' | 'm' | 'h'];
}

/**
 * The memory rule: a least-squares line through the resident memory samples of the second half;
 * its rise across that half must stay below max(48 MiB, 15 % of the first half's median). A service
 * that levels off passes; one that keeps growing at any steady rate fails once the run is long
 * enough for the rise to show.
 */
export function judgeMemory(samples: readonly SoakSample[]): { pass: boolean; verdict: string } {
  if (samples.length < 6) {
    return { pass: false, verdict: `only ${samples.length} samples: run the soak longer` };
  }
  const half = Math.floor(samples.length / 2);
  const first = samples
    .slice(0, half)
    .map((s) => s.rssBytes)
    .sort((a, b) => a - b);
  const second = samples.slice(half);
  const median = first[Math.floor(first.length / 2)]!;
  const xs = second.map((s) => s.atMs);
  const ys = second.map((s) => s.rssBytes);
  const meanX = xs.reduce((a, b) => a + b, 0) / xs.length;
  const meanY = ys.reduce((a, b) => a + b, 0) / ys.length;
  const slope =
    xs.reduce((acc, x, i) => acc + (x - meanX) * (ys[i]! - meanY), 0) /
    Math.max(
      1,
      xs.reduce((acc, x) => acc + (x - meanX) ** 2, 0),
    );
  const rise = slope * (xs[xs.length - 1]! - xs[0]!);
  const limit = Math.max(GROWTH_FLOOR_BYTES, GROWTH_SHARE * median);
  const verdict = `resident memory: first-half median ${(median / MiB).toFixed(0)} MiB; second-half trend ${(rise / MiB).toFixed(1)} MiB over ${((xs[xs.length - 1]! - xs[0]!) / 60_000).toFixed(0)} min (limit ${(limit / MiB).toFixed(0)} MiB)`;
  return { pass: rise <= limit, verdict };
}

function metric(text: string, name: string): number | null {
  const line = text.split('\n').find((l) => l.startsWith(`${name} `) || l.startsWith(`${name}{`));
  const value = line === undefined ? NaN : Number(line.slice(line.lastIndexOf(' ') + 1));
  return Number.isFinite(value) ? value : null;
}

/** `--soak 60m`: steady API load and job traffic on one service, sampled every 10 s, no faults. */
export async function runSoak(options: {
  seed: number;
  durationMs: number;
  launcher: Launcher;
  outDir: string;
  say: (line: string) => void;
}): Promise<SoakResult> {
  const { say } = options;
  const random = seededRandom(options.seed);
  const logDir = join(options.outDir, 'logs');
  mkdirSync(logDir, { recursive: true });
  const work = mkdtempSync(join(tmpdir(), 'polkamesh-soak-'));
  const scanner = new SecretScanner();
  const http = new ServiceHttp(scanner);
  const stops: (() => unknown)[] = [() => rmSync(work, { recursive: true, force: true })];
  try {
    const devnet = new ManagedProcess(
      'devnet',
      [...cliCommand(options.launcher), 'devnet', '--port', '0', '--finality-lag', '3'],
      {},
      join(logDir, 'devnet.log'),
    );
    stops.push(() => devnet.kill());
    const devnetUrl = (await devnet.waitForOutput(/listening on (ws:\/\/\S+)/, 120_000))[1]!;
    const recorder = await ChainRecorder.start(devnetUrl);
    stops.push(() => recorder.stop());
    const wallets = await Wallets.connect(devnetUrl);
    stops.push(() => wallets.close());
    const users = await Promise.all(
      ['//SoakUser1', '//SoakUser2', '//SoakMallory', '//SoakTrader'].map((uri) =>
        wallets.user(uri),
      ),
    );
    const worker = await generateKey(scanner, 'WORKER_SEED');
    await wallets.fund(worker.address, 1_000_000n * 10_000_000_000n);
    const jwt = generateSecret(scanner, 'JWT_SECRET');
    const deployment = new Deployment(
      'soak',
      `sqlite:${join(work, 'polkamesh.db')}`,
      [{ id: 'soak-1', port: await freePort() }],
      {
        NODE_ENV: 'production',
        LOG_FORMAT: 'json',
        RPC_URL: devnetUrl,
        BLOCK_TIME_MS: '1000',
        WORKER_SEED: worker.secret,
        ATTESTATION_SEED: generateMiniSecret(scanner, 'ATTESTATION_SEED'),
        JWT_SECRET: jwt,
        API_RATE_LIMIT: '1000000',
        CONTENT_STORE_DIR: join(work, 'content'),
        JOB_TIMEOUT: '4000',
        MAX_RETRIES: '1',
        JOB_MEMORY_LIMIT_MB: '400',
        MEV_CLEARING_PRICES: 'DOT:USDT=3/2',
        SETTLEMENT_GRACE_BLOCKS: '20',
      },
      options.launcher,
      logDir,
    );
    stops.push(async () => {
      deployment.instances[0]!.supervised = false;
      await deployment.instances[0]!.kill();
      await deployment.close();
    });
    const instance = deployment.instances[0]!;
    await instance.start();
    await deployment.connect();
    const token = mintApiToken(new Secret(jwt), {
      sub: 'soak',
      scopes: ['content:write'],
      ttlSeconds: 86_400,
    });
    const upload = async (bytes: Uint8Array) =>
      (await http.request(instance.url, 'POST', '/content', {
        headers: { authorization: `Bearer ${token}` },
        body: bytes,
      }))!.json<{ modelRef: string }>().modelRef;
    const key = parseServicePublicKey(
      (await http.get(instance.url, '/confidential-key'))!.json<{ publicKey: string }>().publicKey,
    )!;
    const context = {
      affineModel: await upload(affineModel()),
      loopingModel: await upload(neverEndingModel()),
      allocatingModel: await upload(unboundedAllocationModel()),
      confidentialKey: key,
      maxInputBytes: 8 * MiB,
    };
    const traffic = new JobTraffic([users[0]!, users[1]!], [users[2]!], random, 6, 60_000, say);
    const intents = new IntentTraffic(users[3]!, random, 20_000, say);
    const settler = new UserSettler(
      wallets.api,
      () => traffic.jobs,
      new Map(users.map((u) => [u.h160, u])),
      http,
      () => instance.url,
      say,
    );
    const load = new ApiLoad(
      http,
      () => [instance.url],
      () => traffic.jobs,
      random,
      10,
    );
    traffic.start(
      { phase: 'soak', workerH160: worker.h160, context, deadlineBlocks: 600 },
      { badRounds: 1_000 },
    );
    intents.start();
    settler.start();
    load.start();
    stops.push(() => Promise.all([traffic.stop(), intents.stop(), settler.stop(), load.stop()]));
    const samples: SoakSample[] = [];
    const began = Date.now();
    while (Date.now() - began < options.durationMs && instance.isUp) {
      const metrics = await http.get(instance.url, '/metrics');
      const text = metrics?.text ?? '';
      const lag = (name: string) => {
        const seconds = metric(text, name);
        return seconds === null ? null : Math.round(seconds * 1000 * 10) / 10;
      };
      samples.push({
        atMs: Date.now() - began,
        rssBytes: instance.process?.rssBytes() ?? 0,
        loopDelayP99Ms: lag('nodejs_eventloop_lag_p99_seconds'),
        loopDelayMs: lag('nodejs_eventloop_lag_seconds'),
        heapUsedBytes: metric(text, 'nodejs_heap_size_used_bytes'),
      });
      const last = samples[samples.length - 1]!;
      say(
        `soak ${Math.round(last.atMs / 60_000)} min: rss ${(last.rssBytes / MiB).toFixed(0)} MiB, event-loop delay p99 ${last.loopDelayP99Ms ?? '–'} ms, ${traffic.jobs.length} jobs`,
      );
      await pauseUnless(() => !instance.isUp, SAMPLE_EVERY_MS);
    }
    await Promise.all([traffic.stop(), intents.stop(), settler.stop(), load.stop()]);
    await recorder.catchUp();
    const snapshot = await readStore(
      'soak',
      deployment.database,
      {
        workerAccount: worker.accountId,
        workerH160: worker.h160,
        custodyAccount: worker.accountId,
        custodyH160: worker.h160,
        settlementMode: 'user-signed',
      },
      await readApi(http, instance.url, []),
    );
    const events = judgeEvents(recorder.events, snapshot);
    scanner.scanDirectory(logDir);
    const memory = judgeMemory(samples);
    const problems = [
      ...(memory.pass ? [] : [memory.verdict]),
      ...(instance.unexpectedExits.length > 0
        ? [`${instance.unexpectedExits.length} unexpected exits`]
        : []),
      ...(http.tally.serverErrors.length > 0
        ? [`${http.tally.serverErrors.length} answers 5xx`]
        : []),
      ...(events.missing.length + events.doubled.length > 0
        ? [`${events.missing.length} events missing, ${events.doubled.length} doubled`]
        : []),
      ...(scanner.findings.length > 0 ? [`${scanner.findings.length} secrets found`] : []),
    ];
    const delays = samples.flatMap((s) => (s.loopDelayP99Ms === null ? [] : [s.loopDelayP99Ms]));
    const summary = {
      pass: problems.length === 0,
      seed: options.seed,
      durationMinutes: Math.round((Date.now() - began) / 60_000),
      memory: memory.verdict,
      eventLoopDelayP99Ms: {
        max: delays.length ? Math.max(...delays) : null,
        last: delays.at(-1) ?? null,
      },
      jobs: traffic.jobs.length,
      requests: http.tally.requests,
      serverErrors: http.tally.serverErrors,
      events: {
        onChain: events.onChain,
        stored: events.stored,
        missing: events.missing.length,
        doubled: events.doubled.length,
      },
      secretsFound: scanner.findings,
      problems,
      samples,
    };
    writeFileSync(join(options.outDir, 'soak.json'), JSON.stringify(summary, null, 2));
    writeFileSync(
      join(options.outDir, 'soak.md'),
      [
        `# Soak: ${summary.pass ? 'PASS' : 'FAIL'}`,
        '',
        `Seed ${options.seed}, ${summary.durationMinutes} min, ${summary.jobs} jobs, ${summary.requests} API requests.`,
        '',
        `- ${memory.verdict}`,
        `- event-loop delay p99: max ${summary.eventLoopDelayP99Ms.max ?? '–'} ms, last ${summary.eventLoopDelayP99Ms.last ?? '–'} ms`,
        `- events: ${events.onChain} on-chain, ${events.stored} stored, ${events.missing.length} missing, ${events.doubled.length} doubled`,
        `- answers 5xx: ${http.tally.serverErrors.length}; secrets found: ${scanner.findings.length}`,
        ...problems.map((p) => `- FAIL: ${p}`),
        '',
        '| min | RSS MiB | heap MiB | loop delay p99 ms |',
        '| ---: | ---: | ---: | ---: |',
        ...samples.map(
          (s) =>
            `| ${(s.atMs / 60_000).toFixed(1)} | ${(s.rssBytes / MiB).toFixed(0)} | ${s.heapUsedBytes === null ? '–' : (s.heapUsedBytes / MiB).toFixed(0)} | ${s.loopDelayP99Ms ?? '–'} |`,
        ),
        '',
      ].join('\n'),
    );
    return {
      pass: summary.pass,
      verdict: problems.length === 0 ? memory.verdict : problems.join('; '),
    };
  } finally {
    for (const stop of stops.reverse()) {
      try {
        await stop();
      } catch (err) {
        say(`soak cleanup: ${(err as Error).message}`);
      }
    }
  }
}
