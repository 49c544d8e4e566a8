import { join } from 'node:path';
import { openDatabase, type Database } from '../../src/storage';
import { cliCommand, ManagedProcess, type Launcher, type ProcessExit } from './processes';

/** How long one start may take (the service maps keys, migrates, connects) before it counts as failed. */
const START_TIMEOUT_MS = 180_000;
const MAX_START_ATTEMPTS = 10;
const RESTART_DELAY_MS = 1_000;
/**
 * How long a SIGTERM'd instance may take to exit (its drain is 15 s) before it counts as hung and
 * is killed: the exit then reads `signal: SIGKILL` with `hungAfterSigterm`, which the episode and
 * the phase report as a violation instead of waiting forever.
 */
const EXIT_AFTER_SIGTERM_MS = 60_000;

export interface RssSample {
  readonly at: number;
  readonly instance: string;
  readonly incarnation: number;
  readonly rssBytes: number;
}

/** One `polkamesh start` instance: a fixed port and instance id, restarted as often as it dies. */
export class ServiceInstance {
  process: ManagedProcess | null = null;
  incarnations = 0;
  /** every incarnation's pid, to find sandbox children a crash left behind */
  readonly pids: number[] = [];
  /** exits nobody asked for (neither a kill nor a SIGTERM by the harness) */
  readonly unexpectedExits: { incarnation: number; exit: ProcessExit; tail: string }[] = [];
  private expectingExit = false;
  private starting = false;
  /** restart after an exit nobody asked for */
  supervised = true;

  constructor(
    readonly id: string,
    readonly port: number,
    private readonly env: Record<string, string>,
    private readonly launcher: Launcher,
    readonly logFile: string,
    private readonly rss: RssSample[],
  ) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get isUp(): boolean {
    return this.process !== null && this.process.exit === undefined;
  }

  /**
   * Starts a new incarnation and resolves once it says it runs. A start that fails (the process
   * exits first) counts as an unexpected exit and is retried, as a supervisor would.
   */
  async start(): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        await this.startOnce();
        return;
      } catch (err) {
        if (attempt >= MAX_START_ATTEMPTS) {
          throw err;
        }
        await new Promise((done) => setTimeout(done, RESTART_DELAY_MS));
      }
    }
  }

  private async startOnce(): Promise<void> {
    this.incarnations++;
    const incarnation = this.incarnations;
    const child = new ManagedProcess(
      `${this.id}#${incarnation}`,
      [...cliCommand(this.launcher), 'start'],
      { ...this.env, INSTANCE_ID: this.id, PORT: String(this.port) },
      this.logFile,
    );
    this.process = child;
    this.expectingExit = false;
    if (child.pid !== undefined) {
      this.pids.push(child.pid);
    }
    void child.exited.then((exit) => {
      if (this.expectingExit || this.process !== child) {
        return;
      }
      this.unexpectedExits.push({ incarnation, exit, tail: child.tail });
      if (this.supervised && !this.starting) {
        // what a supervisor (systemd Restart=always, Docker restart: always) does
        void new Promise((done) => setTimeout(done, RESTART_DELAY_MS)).then(() =>
          this.process === child ? this.start().catch(() => undefined) : undefined,
        );
      }
    });
    this.starting = true;
    try {
      await child.waitForOutput(/polkamesh service running/, START_TIMEOUT_MS);
    } catch (err) {
      if (child.exit === undefined) {
        this.unexpectedExits.push({
          incarnation,
          exit: { code: null, signal: null },
          tail: `start timed out\n${child.tail}`,
        });
        this.expectingExit = true;
        await child.kill();
      }
      throw err;
    } finally {
      this.starting = false;
    }
    this.sampleRss();
  }

  sampleRss(): void {
    const rss = this.process?.rssBytes();
    if (rss !== null && rss !== undefined) {
      this.rss.push({
        at: Date.now(),
        instance: this.id,
        incarnation: this.incarnations,
        rssBytes: rss,
      });
    }
  }

  /** SIGKILL: a crash. */
  async kill(): Promise<void> {
    if (this.process === null) {
      return;
    }
    this.sampleRss();
    this.expectingExit = true;
    await this.process.kill();
  }

  /** SIGTERM and the exit it brings (a graceful drain: code 0); killed if it does not come. */
  async terminate(): Promise<(ProcessExit & { hungAfterSigterm?: true }) | null> {
    if (this.process === null || this.process.exit !== undefined) {
      return null;
    }
    this.sampleRss();
    this.expectingExit = true;
    const child = this.process;
    child.signal('SIGTERM');
    let bound: NodeJS.Timeout | undefined;
    const hung = new Promise<'hung'>((done) => {
      bound = setTimeout(() => done('hung'), EXIT_AFTER_SIGTERM_MS);
    });
    const exit = await Promise.race([child.exited, hung]).finally(() => clearTimeout(bound));
    if (exit !== 'hung') {
      return exit;
    }
    return { ...(await child.kill()), hungAfterSigterm: true };
  }

  pause(): void {
    this.process?.signal('SIGSTOP');
  }

  resume(): void {
    this.process?.signal('SIGCONT');
  }
}

/** A database and the instances sharing it. */
export class Deployment {
  readonly instances: ServiceInstance[];
  readonly rss: RssSample[] = [];
  private readDatabase: Database | null = null;

  constructor(
    readonly name: string,
    readonly databaseUrl: string,
    specs: readonly { id: string; port: number }[],
    env: Record<string, string>,
    launcher: Launcher,
    logDir: string,
  ) {
    const shared = { ...env, DATABASE_URL: databaseUrl };
    this.instances = specs.map(
      (spec) =>
        new ServiceInstance(
          spec.id,
          spec.port,
          shared,
          launcher,
          join(logDir, `${spec.id}.log`),
          this.rss,
        ),
    );
  }

  /** The harness's own read connection (judge, recovery checks); open once a start migrated it. */
  get database(): Database {
    if (this.readDatabase === null) {
      throw new Error(`${this.name}: database not connected yet`);
    }
    return this.readDatabase;
  }

  async connect(): Promise<void> {
    this.readDatabase ??= await openDatabase(this.databaseUrl, {
      maxConnections: 2,
      onPoolError: () => undefined,
    });
  }

  instance(id: string): ServiceInstance {
    const found = this.instances.find((instance) => instance.id === id);
    if (found === undefined) {
      throw new Error(`no instance ${id}`);
    }
    return found;
  }

  liveUrls(): string[] {
    return this.instances.filter((instance) => instance.isUp).map((instance) => instance.url);
  }

  /** The follower lease holder, or null when none holds an unexpired lease. */
  async leader(): Promise<string | null> {
    const row = await this.database.db
      .selectFrom('leases')
      .select(['holder', 'expires_at_ms'])
      .where('name', '=', 'chain-follower')
      .executeTakeFirst();
    return row !== undefined && Number(row.expires_at_ms) > Date.now() ? row.holder : null;
  }

  async finalizedCursor(): Promise<number | null> {
    const row = await this.database.db
      .selectFrom('chain_cursors')
      .select('block_number')
      .where('lane', '=', 'finalized')
      .executeTakeFirst();
    return row === undefined ? null : Number(row.block_number);
  }

  async close(): Promise<void> {
    await this.readDatabase?.close();
    this.readDatabase = null;
  }
}
