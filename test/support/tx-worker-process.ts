import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import { waitFor } from './wait-for';

const ROOT = resolve(__dirname, '../..');

/** A `scripts/tx-worker.ts` child process (node --import tsx), with its output kept for diagnosis. */
export class TxWorkerProcess {
  private readonly child: ChildProcess;
  private output = '';
  private isReady = false;
  private exitCode: number | null | undefined;

  constructor(env: Record<string, string>) {
    this.child = spawn(process.execPath, ['--import', 'tsx', 'scripts/tx-worker.ts'], {
      cwd: ROOT,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const collect = (chunk: Buffer) => {
      this.output = (this.output + chunk.toString()).slice(-20_000);
      if (/^ready$/m.test(this.output)) {
        this.isReady = true;
      }
    };
    this.child.stdout?.on('data', collect);
    this.child.stderr?.on('data', collect);
    this.child.on('exit', (code) => {
      this.exitCode = code;
    });
  }

  get tail(): string {
    return this.output.slice(-4_000);
  }

  async ready(timeoutMs: number): Promise<void> {
    await waitFor(
      () => {
        if (this.exitCode !== undefined) {
          throw new Error(`tx-worker exited with ${String(this.exitCode)}:\n${this.tail}`);
        }
        return this.isReady;
      },
      timeoutMs,
      'tx-worker ready',
      10,
    );
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
    const exited = new Promise<void>((done) => this.child.once('exit', () => done()));
    this.child.kill(signal);
    await exited;
  }
}
