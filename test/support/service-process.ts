import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import { waitFor } from './wait-for';

const ROOT = resolve(__dirname, '../..');

/**
 * A real `polkamesh start` process (`node --import tsx cli/main.ts start`: one process, so that a
 * SIGKILL hits the service itself, not a launcher), with its output kept for diagnosis.
 */
export class ServiceProcess {
  private readonly child: ChildProcess;
  private text = '';
  private exit: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;

  constructor(
    readonly name: string,
    env: Record<string, string>,
    /** The open-file limit (`ulimit -n`, soft and hard) of the service; default: this one's. */
    options: { readonly maxOpenFiles?: number } = {},
  ) {
    const command = [process.execPath, '--import', 'tsx', 'cli/main.ts', 'start'];
    const limit = options.maxOpenFiles;
    // bash sets the limit and execs node in its place: still one process
    const [file, ...args] =
      limit === undefined
        ? command
        : ['bash', '-c', `ulimit -n ${Math.trunc(limit)} && exec "$@"`, 'bash', ...command];
    this.child = spawn(file!, args, {
      cwd: ROOT,
      env: { PATH: process.env['PATH'] ?? '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const collect = (chunk: Buffer) => {
      this.text = (this.text + chunk.toString()).slice(-200_000);
    };
    this.child.stdout?.on('data', collect);
    this.child.stderr?.on('data', collect);
    this.exited = new Promise((done) =>
      this.child.once('exit', (code, signal) => {
        this.exit = { code, signal };
        done(this.exit);
      }),
    );
  }

  get output(): string {
    return this.text;
  }

  get tail(): string {
    return `--- ${this.name} ---\n${this.text.slice(-6_000)}`;
  }

  get hasExited(): boolean {
    return this.exit !== undefined;
  }

  /** Resolves with the HTTP API's base URL once the service says it is running; fails if it exits. */
  async running(timeoutMs: number): Promise<string> {
    const exitedEarly = this.exited.then((exit) => {
      throw new Error(`${this.name} exited early (${JSON.stringify(exit)}):\n${this.tail}`);
    });
    const url = waitFor(
      () => {
        const match = /HTTP API at (http:\/\/\S+) /.exec(this.text)?.[1];
        return this.text.includes('polkamesh service running') && match;
      },
      timeoutMs,
      `${this.name} running`,
      50,
    );
    exitedEarly.catch(() => undefined); // observed through the race below
    return Promise.race([url, exitedEarly]);
  }

  signal(signal: NodeJS.Signals): void {
    if (this.exit === undefined) {
      this.child.kill(signal);
    }
  }

  /** SIGKILL (a crash) unless it already exited; resolves once it is gone. */
  async kill(): Promise<void> {
    this.signal('SIGKILL');
    await this.exited;
  }
}
