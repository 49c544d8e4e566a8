import type { Logger, LongRunning, PartReport } from '../shared';

/** Starts a part after the ones started before it; resolves with the part once it runs. */
export type StartPart = <P extends LongRunning>(part: P) => Promise<P>;

/** The name /ready reports while the service is still starting (some parts do not run yet). */
export const STARTUP_PART = 'startup';

/** How a stop ended: every part stopped, or the bound passed with these still stopping or not asked. */
export interface StopOutcome {
  /** The part whose stop did not end in time, then those not yet stopped, in stop order. */
  readonly notStopped: readonly string[];
}

/**
 * The service's long-running parts in start order (ADR 0018). `launch` builds and starts them one
 * by one; when a build step or a start fails, or `signal` aborts the start, whatever already runs
 * is stopped in reverse order before the error is rethrown, so nothing leaks. `stop` stops them all
 * in reverse; `health` lists each running part's health for /ready.
 */
export class Lifecycle {
  private readonly running: LongRunning[] = [];
  private starting: string | null = 'the first part';
  private isClosed = false;
  private stopping: Promise<StopOutcome> | null = null;
  /** The part being stopped now (stops run one at a time). */
  private stoppingPart: string | null = null;

  constructor(
    private readonly log: Logger,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * Runs `steps`, which builds each part (from what runs already) and hands it to `start`;
   * resolves with what `steps` returned once every part runs. Call it once.
   */
  async launch<T>(steps: (start: StartPart) => Promise<T>, signal?: AbortSignal): Promise<T> {
    try {
      const result = await untilAborted(
        steps((part) => this.start(part, signal)),
        signal,
      );
      this.starting = null;
      return result;
    } catch (err) {
      this.isClosed = true;
      await this.stop(0);
      throw err;
    }
  }

  /** Every running part's health, in start order; while starting, also a `startup` entry. */
  health(): PartReport[] {
    const reports = this.running.map((part) => ({ name: part.name, ...part.health() }));
    return this.starting === null
      ? reports
      : [{ name: STARTUP_PART, isHealthy: false, reason: `starting ${this.starting}` }, ...reports];
  }

  /** Names of the running parts, in start order. */
  names(): string[] {
    return this.running.map((part) => part.name);
  }

  /**
   * Stops every running part in reverse start order within one drain of `drainMs`: each part gets
   * what is left of it for work in flight (so that the drain ends when SHUTDOWN_DRAIN_MS says, not
   * once per part). A
   * part that fails to stop is logged and the others are still stopped. A part whose stop never
   * ends (a request to an endpoint that stopped answering) would hold the rest forever: after
   * `limitMs` in all it resolves anyway, logs and returns which parts did not stop. Idempotent.
   */
  stop(drainMs = 0, limitMs = Number.POSITIVE_INFINITY): Promise<StopOutcome> {
    this.stopping ??= this.stopWithin(drainMs, limitMs);
    return this.stopping;
  }

  private async start<P extends LongRunning>(part: P, signal?: AbortSignal): Promise<P> {
    if (this.isClosed || signal?.aborted) {
      throw signal?.reason ?? new Error(`not starting ${part.name}: the start was abandoned`);
    }
    this.starting = part.name;
    const starting = part.start();
    try {
      await untilAborted(starting, signal);
    } catch (err) {
      if (signal?.aborted) {
        // the step may still finish: then stop the part it started
        void starting.then(
          () => this.stopQuietly(part, 0),
          () => undefined,
        );
      }
      throw err;
    }
    if (this.isClosed) {
      await this.stopQuietly(part, 0);
      throw new Error(`${part.name} started after the start was abandoned`);
    }
    this.running.push(part);
    this.log.debug('part started', { part: part.name });
    return part;
  }

  private async stopWithin(drainMs: number, limitMs: number): Promise<StopOutcome> {
    const all = this.stopAll(drainMs).then(() => 'stopped' as const);
    if (!Number.isFinite(limitMs)) {
      await all;
      return { notStopped: [] };
    }
    let bound: NodeJS.Timeout | undefined;
    const expired = new Promise<'expired'>((resolve) => {
      bound = setTimeout(() => resolve('expired'), limitMs);
    });
    const outcome = await Promise.race([all, expired]).finally(() => clearTimeout(bound));
    if (outcome === 'stopped') {
      return { notStopped: [] };
    }
    const notStopped = [
      ...(this.stoppingPart === null ? [] : [this.stoppingPart]),
      ...this.running.map((part) => part.name).reverse(),
    ];
    this.log.error('parts did not stop in time', { limitMs, notStopped });
    return { notStopped };
  }

  private async stopAll(drainMs: number): Promise<void> {
    this.isClosed = true;
    const drainEnds = this.now() + drainMs;
    while (this.running.length > 0) {
      const part = this.running.pop()!;
      this.stoppingPart = part.name;
      await this.stopQuietly(part, Math.max(0, drainEnds - this.now()));
      this.stoppingPart = null;
    }
  }

  private async stopQuietly(part: LongRunning, drainMs: number): Promise<void> {
    try {
      await part.stop(drainMs);
      this.log.debug('part stopped', { part: part.name });
    } catch (err) {
      this.log.error('part failed to stop', { part: part.name, err });
    }
  }
}

/** `step`, or the abort's reason as soon as `signal` aborts (the step itself goes on). */
function untilAborted<T>(step: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (signal === undefined) {
    return step;
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason as Error);
    if (signal.aborted) {
      onAbort();
      return;
    }
    signal.addEventListener('abort', onAbort, { once: true });
    void step.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}
