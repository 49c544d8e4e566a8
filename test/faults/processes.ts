import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { appendFileSync, existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { waitFor } from '../support/wait-for';

export const REPO_ROOT = resolve(__dirname, '../..');

/**
 * How the harness runs `polkamesh`: `dist` is what a user runs (`node dist/cli/main.js`, the
 * command behind `npm run start:prod`, built first when stale); `tsx` runs the same CLI from the
 * sources (what the e2e tier does: nothing to build, nothing stale).
 */
export type Launcher = 'dist' | 'tsx';

export function cliCommand(launcher: Launcher): string[] {
  return launcher === 'dist'
    ? [process.execPath, join(REPO_ROOT, 'dist/cli/main.js')]
    : [process.execPath, '--import', 'tsx', join(REPO_ROOT, 'cli/main.ts')];
}

const BUILD_INPUTS = ['src', 'cli', 'devnet', 'abis', 'web', 'package.json', 'tsconfig.build.json'];

/** Runs `npm run build` when dist/ is missing or older than a source file; says which it did. */
export function ensureBuilt(say: (line: string) => void): void {
  const built = join(REPO_ROOT, 'dist/cli/main.js');
  const builtAt = existsSync(built) ? statSync(built).mtimeMs : 0;
  const newest = Math.max(...BUILD_INPUTS.map((entry) => newestMtime(join(REPO_ROOT, entry))));
  if (builtAt >= newest) {
    say('dist/ is up to date with the sources');
    return;
  }
  say(builtAt === 0 ? 'dist/ missing: npm run build' : 'dist/ is stale: npm run build');
  const result = spawnSync('npm', ['run', 'build'], { cwd: REPO_ROOT, stdio: 'inherit' });
  if (result.status !== 0) {
    throw new Error(`npm run build failed with status ${result.status}`);
  }
}

function newestMtime(path: string): number {
  if (!existsSync(path)) {
    return 0;
  }
  const stat = statSync(path);
  if (!stat.isDirectory()) {
    return stat.mtimeMs;
  }
  let newest = 0;
  for (const entry of readdirSync(path)) {
    if (entry !== 'node_modules') {
      newest = Math.max(newest, newestMtime(join(path, entry)));
    }
  }
  return newest;
}

export interface ProcessExit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

/**
 * One OS process of the harness (a devnet or a service incarnation): its output appended to a log
 * file (scanned for secrets at the end) and kept in memory for waits and diagnosis.
 */
export class ManagedProcess {
  private readonly child: ChildProcess;
  private text = '';
  private exitInfo: ProcessExit | undefined;
  readonly exited: Promise<ProcessExit>;
  readonly startedAt = Date.now();

  constructor(
    readonly name: string,
    command: readonly string[],
    env: Record<string, string>,
    private readonly logFile: string,
  ) {
    const [file, ...args] = command;
    appendFileSync(logFile, `\n=== ${new Date().toISOString()} start ${name}\n`);
    this.child = spawn(file!, args, {
      cwd: REPO_ROOT,
      env: { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '/tmp', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const collect = (chunk: Buffer) => {
      appendFileSync(logFile, chunk);
      this.text = (this.text + chunk.toString()).slice(-100_000);
    };
    this.child.stdout?.on('data', collect);
    this.child.stderr?.on('data', collect);
    this.exited = new Promise((done) =>
      this.child.once('exit', (code, signal) => {
        this.exitInfo = { code, signal };
        appendFileSync(logFile, `\n=== ${new Date().toISOString()} exit ${code} ${signal}\n`);
        done(this.exitInfo);
      }),
    );
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  get output(): string {
    return this.text;
  }

  get exit(): ProcessExit | undefined {
    return this.exitInfo;
  }

  get tail(): string {
    return `--- ${this.name} (${this.logFile}) ---\n${this.text.slice(-4_000)}`;
  }

  /** Resolves with the first match of `pattern` in the output; fails when the process exits. */
  async waitForOutput(pattern: RegExp, timeoutMs: number): Promise<RegExpExecArray> {
    return waitFor(
      () => {
        if (this.exitInfo !== undefined) {
          throw new Error(`${this.name} exited (${JSON.stringify(this.exitInfo)})\n${this.tail}`);
        }
        return pattern.exec(this.text);
      },
      timeoutMs,
      `${this.name}: ${pattern}`,
      50,
    ).catch((err: unknown) => {
      throw new Error(`${(err as Error).message}\n${this.tail}`);
    });
  }

  signal(signal: NodeJS.Signals): void {
    if (this.exitInfo === undefined) {
      this.child.kill(signal);
    }
  }

  async kill(): Promise<ProcessExit> {
    this.signal('SIGKILL');
    return this.exited;
  }

  /** Resident set size in bytes (VmRSS), or null once gone. */
  rssBytes(): number | null {
    return this.pid === undefined || this.exitInfo !== undefined ? null : rssOf(this.pid);
  }
}

export function rssOf(pid: number): number | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = /VmRSS:\s+(\d+) kB/.exec(status)?.[1];
    return kb === undefined ? null : Number(kb) * 1024;
  } catch {
    return null;
  }
}

/** Pids of every live process. */
export function livePids(): number[] {
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .map(Number);
}

/** The command line of a live process, or null. */
export function commandLineOf(pid: number): string | null {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ').trim();
  } catch {
    return null;
  }
}

/** A loopback TCP port free right now. */
export function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => done(port));
    });
  });
}
