/**
 * `npm run bench [-- [--quick] [--out file] [--timeout s] [name …]]`: runs every `bench/*.bench.ts`
 * (or those whose file name contains one of the names), one after another, each in its own
 * process, collects the `@@bench-result` line each prints, and writes the Markdown report.
 * A bench that fails, prints no result or runs past the timeout is reported as failed in the
 * document; the others still run.
 *
 * The report goes to docs/benchmarks.md for a full run of every bench; a quick or partial run
 * writes to the temp directory unless `--out` says otherwise, so it never replaces the document.
 */
import { execFileSync, spawn } from 'node:child_process';
import { readdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { parseResult } from './support/bench-result';
import {
  formatReport,
  type BenchOutcome,
  type MachineInfo,
  type RunReport,
} from './support/report-format';

const ROOT = resolve(__dirname, '..');
const TAIL_LINES = 40;

interface RunnerOptions {
  quick: boolean;
  names: string[];
  out: string;
  timeoutSeconds: number;
}

function readOptions(): RunnerOptions {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      quick: { type: 'boolean', default: false },
      out: { type: 'string' },
      timeout: { type: 'string' },
    },
  });
  const timeoutSeconds = Number(values.timeout ?? (values.quick ? 300 : 1500));
  if (!Number.isFinite(timeoutSeconds) || timeoutSeconds <= 0) {
    throw new Error(`--timeout must be a positive number of seconds, got ${values.timeout}`);
  }
  const complete = !values.quick && positionals.length === 0;
  const out =
    values.out ??
    (complete ? join(ROOT, 'docs', 'benchmarks.md') : join(os.tmpdir(), 'polkamesh-benchmarks.md'));
  return { quick: values.quick, names: positionals, out: resolve(out), timeoutSeconds };
}

function selectBenches(names: readonly string[]): string[] {
  const all = readdirSync(join(ROOT, 'bench'))
    .filter((f) => f.endsWith('.bench.ts'))
    .sort();
  if (names.length === 0) {
    return all;
  }
  const unknown = names.filter((n) => !all.some((f) => f.includes(n)));
  if (unknown.length > 0) {
    throw new Error(`no bench matches ${unknown.join(', ')}; the benches are ${all.join(', ')}`);
  }
  return all.filter((f) => names.some((n) => f.includes(n)));
}

function machineNow(loadAtStart: number[]): MachineInfo {
  const cpus = os.cpus();
  return {
    cpuModel: cpus[0]?.model.trim() ?? 'unknown CPU',
    cores: cpus.length,
    memoryGiB: os.totalmem() / 2 ** 30,
    os: `${os.type()} ${os.release()}`,
    node: process.version,
    loadAtStart,
    loadAtEnd: os.loadavg(),
  };
}

function revision(): string {
  try {
    const hash = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT })
      .toString()
      .trim();
    const dirty = execFileSync('git', ['status', '--porcelain'], { cwd: ROOT }).toString().trim();
    return dirty ? `${hash} + local changes` : hash;
  } catch {
    return 'unknown revision';
  }
}

/** Runs one bench in its own process group, echoing its output; never throws. */
function runOne(file: string, options: RunnerOptions): Promise<BenchOutcome> {
  const path = join('bench', file);
  const args = ['--import', 'tsx', path, ...(options.quick ? ['--quick'] : [])];
  const command = `npx tsx ${path}${options.quick ? ' --quick' : ''}`;
  const loadAtStart = os.loadavg()[0] ?? 0;
  const started = performance.now();
  process.stdout.write(`\n=== ${command}\n`);
  return new Promise((done) => {
    const child = spawn(process.execPath, args, {
      cwd: ROOT,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    const collect = (chunk: Buffer) => {
      const text = chunk.toString('utf8');
      output += text;
      process.stdout.write(text);
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      if (child.pid !== undefined) {
        process.kill(-child.pid, 'SIGKILL');
      }
    }, options.timeoutSeconds * 1000);
    const finish = (reason: string | undefined) => {
      clearTimeout(timer);
      const seconds = (performance.now() - started) / 1000;
      const outputTail = output.trimEnd().split('\n').slice(-TAIL_LINES).join('\n');
      let result;
      let failure = reason;
      if (failure === undefined) {
        try {
          result = parseResult(output);
          failure = result ? undefined : 'the bench printed no @@bench-result line';
        } catch (err) {
          failure = `unreadable result line: ${(err as Error).message}`;
        }
      }
      done({
        file: path,
        command,
        seconds,
        loadAtStart,
        ...(failure === undefined ? { result } : { failure: { reason: failure, outputTail } }),
      });
    };
    child.on('error', (err) => finish(`could not start: ${err.message}`));
    child.on('close', (code, signal) => {
      if (timedOut) {
        finish(`ran past the ${options.timeoutSeconds} s timeout and was stopped`);
      } else if (code !== 0) {
        finish(`exited with ${code === null ? `signal ${signal}` : `status ${code}`}`);
      } else {
        finish(undefined);
      }
    });
  });
}

function shownPath(path: string): string {
  const near = relative(process.cwd(), path);
  return near.startsWith('..') || near === '' ? path : near;
}

async function main(): Promise<void> {
  const options = readOptions();
  const benches = selectBenches(options.names);
  const loadAtStart = os.loadavg();
  const startedAt = new Date().toISOString();
  const outcomes: BenchOutcome[] = [];
  for (const file of benches) {
    outcomes.push(await runOne(file, options));
  }
  const report: RunReport = {
    startedAt,
    finishedAt: new Date().toISOString(),
    revision: revision(),
    quick: options.quick,
    machine: machineNow(loadAtStart),
    outcomes,
  };
  writeFileSync(options.out, formatReport(report));
  const failed = outcomes.filter((o) => o.failure);
  process.stdout.write(
    `\n${outcomes.length} benches, ${failed.length} failed` +
      `${failed.length > 0 ? ` (${failed.map((o) => o.file).join(', ')})` : ''}; ` +
      `report written to ${shownPath(options.out)}\n`,
  );
  process.exitCode = failed.length > 0 ? 1 : 0;
}

main().catch((err: unknown) => {
  process.stderr.write(
    `bench runner failed: ${err instanceof Error ? err.message : String(err)}\n`,
  );
  process.exit(2);
});
