import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';
import WebSocket from 'ws';

const ROOT = resolve(__dirname, '../..');
const STOP_TIMEOUT_MS = 60_000;

/**
 * A real `polkamesh start` for a benchmark (`node --import tsx cli/main.ts start`, one process,
 * so its resident set is the service's own), bound to 127.0.0.1 on a free port. Counts the log
 * lines that match `countLines` as they come, keeps the last lines for diagnosis.
 */
export class BenchService {
  private readonly child: ChildProcess;
  private tailLines: string[] = [];
  private readonly exited: Promise<void>;
  private hasExited = false;
  private saidRunning = false;
  /** lines that matched `countLines`, by the regexp's first group (or the whole match) */
  readonly counted = new Map<string, number>();
  url = '';
  /** the inspector's WebSocket, with `inspect` */
  private inspectorUrl = '';

  private constructor(
    readonly name: string,
    env: Record<string, string>,
    private readonly countLines?: RegExp,
    inspect = false,
  ) {
    const args = [
      ...(inspect ? ['--inspect=127.0.0.1:0'] : []),
      '--import',
      'tsx',
      'cli/main.ts',
      'start',
    ];
    this.child = spawn(process.execPath, args, {
      cwd: ROOT,
      env: { PATH: process.env['PATH'] ?? '', HOST: '127.0.0.1', PORT: '0', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.exited = new Promise((done) =>
      this.child.once('exit', () => {
        this.hasExited = true;
        done();
      }),
    );
    for (const stream of [this.child.stdout, this.child.stderr]) {
      createInterface({ input: stream! }).on('line', (line) => this.onLine(line));
    }
  }

  /** Starts the service and resolves once it says it runs, with its HTTP API's URL known. */
  static async start(
    name: string,
    env: Record<string, string>,
    options: {
      countLines?: RegExp;
      timeoutMs?: number;
      /** open the inspector on a free loopback port, for `collectGarbage` */
      inspect?: boolean;
    } = {},
  ): Promise<BenchService> {
    const service = new BenchService(name, env, options.countLines, options.inspect);
    await service.running(options.timeoutMs ?? 180_000);
    return service;
  }

  get pid(): number {
    return this.child.pid!;
  }

  get tail(): string {
    return `--- ${this.name} ---\n${this.tailLines.join('\n')}`;
  }

  /** VmRSS of the service process now, in bytes (Linux /proc). */
  rssBytes(): number {
    const status = readFileSync(`/proc/${this.pid}/status`, 'utf8');
    const kb = /^VmRSS:\s+(\d+) kB/m.exec(status)?.[1];
    if (kb === undefined) {
      throw new Error(`no VmRSS for ${this.name} (pid ${this.pid})`);
    }
    return Number(kb) * 1024;
  }

  /** A full garbage collection in the service, through its inspector (needs `inspect`). */
  async collectGarbage(): Promise<void> {
    if (this.inspectorUrl === '') {
      throw new Error(`${this.name} was started without its inspector`);
    }
    const socket = new WebSocket(this.inspectorUrl);
    try {
      await new Promise((done, fail) => socket.once('open', done).once('error', fail));
      await new Promise<void>((done, fail) => {
        socket.on('message', (data: Buffer) => {
          const reply = JSON.parse(data.toString('utf8')) as { id?: number; error?: unknown };
          if (reply.id === 1) {
            return reply.error === undefined
              ? done()
              : fail(new Error(JSON.stringify(reply.error)));
          }
        });
        socket.send(JSON.stringify({ id: 1, method: 'HeapProfiler.collectGarbage' }));
      });
    } finally {
      socket.close();
    }
  }

  /** SIGTERM (a graceful drain), SIGKILL if it has not exited within a minute. */
  async stop(): Promise<void> {
    if (this.hasExited) {
      return;
    }
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), STOP_TIMEOUT_MS);
    await this.exited;
    clearTimeout(timer);
  }

  private onLine(line: string): void {
    this.tailLines.push(line);
    if (this.tailLines.length > 60) {
      this.tailLines.shift();
    }
    const match = this.countLines?.exec(line);
    if (match) {
      const key = match[1] ?? match[0];
      this.counted.set(key, (this.counted.get(key) ?? 0) + 1);
    }
    if (line.includes('polkamesh service running')) {
      this.saidRunning = true;
    }
    const inspector = /^Debugger listening on (ws:\/\/127\.0\.0\.1:\S+)/.exec(line)?.[1];
    if (inspector !== undefined) {
      this.inspectorUrl = inspector;
    }
    const url = /HTTP API at (http:\/\/\S+) /.exec(line)?.[1];
    if (url !== undefined) {
      this.url = url;
    }
  }

  private running(timeoutMs: number): Promise<void> {
    return new Promise((done, fail) => {
      const check = setInterval(() => {
        if (this.url !== '' && this.saidRunning) {
          finish();
          done();
        }
      }, 50);
      const timer = setTimeout(() => {
        finish();
        this.child.kill('SIGKILL');
        fail(new Error(`${this.name} did not start within ${timeoutMs} ms\n${this.tail}`));
      }, timeoutMs);
      const early = () => {
        finish();
        fail(new Error(`${this.name} exited before it ran\n${this.tail}`));
      };
      void this.exited.then(() => (this.saidRunning && this.url !== '' ? undefined : early()));
      const finish = () => {
        clearInterval(check);
        clearTimeout(timer);
      };
    });
  }
}
