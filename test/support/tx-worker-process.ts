import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';
import { TimeoutError, withTimeout } from '../../src/shared';

const ROOT = resolve(__dirname, '../..');

let bundle: Promise<string> | undefined;

/**
 * `scripts/tx-worker.ts` and the sources it imports as one CommonJS file (packages stay in
 * node_modules), built once per test file: a crash story starts up to 16 workers, and each would
 * otherwise pay tsx's loader and the resolution of every source file again (about 0.5 s of CPU).
 */
function bundledWorker(): Promise<string> {
  bundle ??= (async () => {
    const dir = mkdtempSync(join(tmpdir(), 'polkamesh-tx-worker-'));
    process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
    const outfile = join(dir, 'tx-worker.js');
    await build({
      entryPoints: [join(ROOT, 'scripts/tx-worker.ts')],
      outfile,
      bundle: true,
      platform: 'node',
      format: 'cjs',
      target: 'node20',
      packages: 'external',
      logLevel: 'error',
    });
    return outfile;
  })();
  return bundle;
}

/**
 * A `scripts/tx-worker.ts` child process, with its output kept for diagnosis. Synchronisation is by
 * its output lines: `ready`, then `submitted <key>` per transaction sent.
 */
export class TxWorkerProcess {
  private output = '';
  private pending = '';
  private submittedCount = 0;
  private killAt = Number.POSITIVE_INFINITY;
  private exitCode: number | null | undefined;
  private exitSignal: NodeJS.Signals | null = null;
  private readonly isReady: Promise<void>;
  private readonly exited: Promise<void>;

  private constructor(private readonly child: ChildProcess) {
    let ready!: () => void;
    let failed!: (err: Error) => void;
    this.isReady = new Promise<void>((resolve, reject) => {
      ready = resolve;
      failed = reject;
    });
    this.isReady.catch(() => undefined); // rejected only when the caller is not waiting for it
    this.exited = new Promise<void>((done) =>
      child.once('exit', (code, signal) => {
        this.exitCode = code;
        this.exitSignal = signal;
        failed(new Error(`tx-worker exited with ${String(code)}:\n${this.tail}`));
        done();
      }),
    );
    const collect = (chunk: Buffer) => {
      this.output = (this.output + chunk.toString()).slice(-20_000);
    };
    child.stderr?.on('data', collect);
    child.stdout?.on('data', (chunk: Buffer) => {
      collect(chunk);
      const lines = (this.pending + chunk.toString()).split('\n');
      this.pending = lines.pop() ?? '';
      for (const line of lines) {
        if (line === 'ready') {
          ready();
        } else if (line.startsWith('submitted ')) {
          this.submittedCount += 1;
          if (this.submittedCount >= this.killAt) {
            child.kill('SIGKILL');
          }
        }
      }
    });
  }

  /** Starts `node <bundle>` with `env` on top of this process's environment. */
  static async start(env: Record<string, string>): Promise<TxWorkerProcess> {
    const script = await bundledWorker();
    const child = spawn(process.execPath, [script], {
      cwd: ROOT,
      // the bundle lives in a temp dir: its packages resolve from the repository's node_modules
      env: { ...process.env, ...env, NODE_PATH: join(ROOT, 'node_modules') },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    return new TxWorkerProcess(child);
  }

  get tail(): string {
    return this.output.slice(-4_000);
  }

  get hasExited(): boolean {
    return this.exitCode !== undefined;
  }

  /** Exited, but not from a SIGKILL (ours): the worker failed on its own. */
  get hasFailed(): boolean {
    return this.hasExited && this.exitSignal !== 'SIGKILL';
  }

  /** Resolves once the worker printed `ready`; rejects if it exits first or after `timeoutMs`. */
  async ready(timeoutMs: number): Promise<void> {
    try {
      await withTimeout(this.isReady, timeoutMs, 'tx-worker ready');
    } catch (err) {
      // an exit already says its output; a timeout adds it here
      throw err instanceof TimeoutError ? new Error(`${err.message}:\n${this.tail}`) : err;
    }
  }

  /**
   * SIGKILL as soon as the worker reports its `count`-th transaction sent, from the output handler
   * itself: the kill lands mid-pipeline, with the next transactions signed, recorded or in flight.
   */
  killAfterSubmitted(count: number): void {
    this.killAt = count;
    if (this.submittedCount >= count) {
      this.child.kill('SIGKILL');
    }
  }

  /** SIGKILL: no cleanup, no flush — a crash. */
  async kill(): Promise<void> {
    await this.signal('SIGKILL');
  }

  async stop(): Promise<void> {
    await this.signal('SIGTERM');
  }

  private async signal(signal: NodeJS.Signals): Promise<void> {
    if (this.exitCode !== undefined) {
      return;
    }
    this.child.kill(signal);
    await this.exited;
  }
}
