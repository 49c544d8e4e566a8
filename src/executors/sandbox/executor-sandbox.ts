import { NOOP_LOGGER, type Logger } from '../../shared';
import type { ModelRefKind } from '../../references';
import type { ExecutionRequest } from '../executor';
import { describeChildLaunch, pickChildEnv, type ChildLaunch } from './child-launch';
import { readRssBytes } from './read-rss';
import type { SandboxOutcome } from './sandbox-outcome';
import { SandboxProcess } from './sandbox-process';
import { superviseJob } from './supervise-job';

export interface ExecutorSandboxOptions {
  /** Per job, child start-up and model loading included. */
  readonly timeoutMs: number;
  /** The child's RSS (native memory included) above which it is killed. */
  readonly memoryLimitMb: number;
  /** V8's old-space cap in the child (`--max-old-space-size`); defaults to `memoryLimitMb`. */
  readonly maxOldSpaceMb?: number;
  /** Keep a child (and its loaded model) for the next job of the same kind. */
  readonly reuseChildren: boolean;
  /** A reused child is retired after this many jobs. */
  readonly maxJobsPerChild: number;
  /** An idle child is killed after this long without a job. */
  readonly idleChildTtlMs: number;
  /** Most idle children kept across all kinds; the oldest goes first. Default 4. */
  readonly maxIdleChildren?: number;
  /** How often the parent reads the child's RSS. Default 50 ms. */
  readonly rssPollMs?: number;
  /**
   * For tests and benchmarks: a module (absolute path) exporting
   * `loaders: Record<string, ExecutorLoader>`, used in the child instead of `EXECUTOR_LOADERS`.
   */
  readonly childModule?: string;
  /** Variables the child needs besides the allow-listed ones (`CHILD_ENV_ALLOW_LIST`). */
  readonly childEnv?: Readonly<Record<string, string>>;
  readonly logger?: Logger;
}

export interface SandboxRunOptions {
  readonly signal?: AbortSignal;
  /** Overrides the sandbox's `timeoutMs` for this job. */
  readonly timeoutMs?: number;
}

interface IdleChild {
  readonly kind: string;
  readonly child: SandboxProcess;
  readonly timer: NodeJS.Timeout;
}

/**
 * Runs executors in child processes so that a crash, a hang or a memory blow-up (onnxruntime's
 * native memory included) ends the job, never the service. One job at a time per child; children
 * are reused per kind when allowed, and none outlives the sandbox or the parent process.
 */
export class ExecutorSandbox<Kind extends string = ModelRefKind> {
  private readonly children = new Set<SandboxProcess>();
  private readonly idle: IdleChild[] = [];
  private readonly closing = new AbortController();
  private readonly launch: ChildLaunch;
  private readonly env: Readonly<Record<string, string>>;
  private readonly log: Logger;
  private readonly maxOldSpaceMb: number;
  private readonly killOnExit = () =>
    this.children.forEach((child) => child.killAndRemoveWorkDir());
  private canReadProc: Promise<boolean> | undefined;
  private nextJobId = 1;

  constructor(private readonly options: ExecutorSandboxOptions) {
    for (const [name, value] of Object.entries({
      timeoutMs: options.timeoutMs,
      memoryLimitMb: options.memoryLimitMb,
      maxJobsPerChild: options.maxJobsPerChild,
    })) {
      if (!(value > 0)) {
        throw new RangeError(`ExecutorSandbox: ${name} must be positive, got ${value}`);
      }
    }
    this.maxOldSpaceMb = options.maxOldSpaceMb ?? options.memoryLimitMb;
    this.launch = describeChildLaunch({
      maxOldSpaceMb: this.maxOldSpaceMb,
      loadersModule: options.childModule,
    });
    this.env = pickChildEnv(process.env, options.childEnv);
    this.log = options.logger ?? NOOP_LOGGER;
    process.on('exit', this.killOnExit);
  }

  /** Pids of the live children, busy and idle. */
  childPids(): number[] {
    return [...this.children].flatMap((child) => (child.pid === undefined ? [] : [child.pid]));
  }

  get idleCount(): number {
    return this.idle.length;
  }

  async run(
    kind: Kind,
    request: ExecutionRequest,
    options: SandboxRunOptions = {},
  ): Promise<SandboxOutcome> {
    if (this.closing.signal.aborted) {
      throw new Error('ExecutorSandbox is closed');
    }
    if (options.signal?.aborted) {
      return { status: 'aborted' };
    }
    const child = this.takeIdle(kind) ?? (await this.spawn());
    child.setKeepsParentAlive(true);
    child.jobsRun += 1;
    const signals = [this.closing.signal, ...(options.signal ? [options.signal] : [])];
    const job = await superviseJob(child, this.nextJobId++, kind, request, {
      timeoutMs: options.timeoutMs ?? this.options.timeoutMs,
      memoryLimitMb: this.options.memoryLimitMb,
      maxOldSpaceMb: this.maxOldSpaceMb,
      rssPollMs: this.options.rssPollMs ?? 50,
      signals,
    });
    this.release(kind, child, job.isChildReusable);
    const { outcome } = job;
    if (outcome.status !== 'ok' && outcome.status !== 'invalid-input') {
      this.log.warn('sandbox job ended abnormally', { kind, pid: child.pid, ...outcome });
    }
    return outcome;
  }

  /** Ends running jobs as `aborted`, kills every child and waits until they are gone. */
  async close(): Promise<void> {
    this.closing.abort();
    for (const { timer } of this.idle.splice(0)) {
      clearTimeout(timer);
    }
    await Promise.all([...this.children].map((child) => child.killAndWait()));
    process.off('exit', this.killOnExit);
  }

  private async spawn(): Promise<SandboxProcess> {
    this.canReadProc ??= readRssBytes(process.pid).then((rss) => rss !== undefined);
    const canReadProc = await this.canReadProc;
    const launch = canReadProc
      ? this.launch
      : describeChildLaunch({
          maxOldSpaceMb: this.maxOldSpaceMb,
          loadersModule: this.options.childModule,
          reportRssEveryMs: this.options.rssPollMs ?? 50,
        });
    const child = new SandboxProcess(launch, this.env, canReadProc);
    this.children.add(child);
    void child.exited.then(() => {
      this.children.delete(child);
      this.dropIdle(child);
    });
    this.log.debug('sandbox child started', { pid: child.pid });
    return child;
  }

  private takeIdle(kind: string): SandboxProcess | undefined {
    // Most recently used first: its caches are the warmest.
    for (let index = this.idle.length - 1; index >= 0; index -= 1) {
      const entry = this.idle[index];
      if (entry?.kind === kind && entry.child.isAlive) {
        this.idle.splice(index, 1);
        clearTimeout(entry.timer);
        return entry.child;
      }
    }
    return undefined;
  }

  private release(kind: string, child: SandboxProcess, isReusable: boolean): void {
    const keep =
      isReusable &&
      this.options.reuseChildren &&
      child.jobsRun < this.options.maxJobsPerChild &&
      child.isAlive &&
      !this.closing.signal.aborted;
    if (!keep) {
      child.kill();
      return;
    }
    child.setKeepsParentAlive(false);
    const timer = setTimeout(() => {
      this.dropIdle(child);
      child.kill();
    }, this.options.idleChildTtlMs);
    timer.unref();
    this.idle.push({ kind, child, timer });
    const maxIdle = this.options.maxIdleChildren ?? 4;
    while (this.idle.length > maxIdle) {
      const oldest = this.idle.shift();
      if (oldest) {
        clearTimeout(oldest.timer);
        oldest.child.kill();
      }
    }
  }

  private dropIdle(child: SandboxProcess): void {
    const index = this.idle.findIndex((entry) => entry.child === child);
    if (index >= 0) {
      const [entry] = this.idle.splice(index, 1);
      clearTimeout(entry?.timer);
    }
  }
}
