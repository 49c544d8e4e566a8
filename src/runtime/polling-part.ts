import {
  PassHealth,
  startPollLoop,
  type LongRunning,
  type Logger,
  type PartHealth,
  type PassHealthConfig,
  type PollLoop,
} from '../shared';

export interface PollingPartOptions {
  readonly intervalMs: number;
  /** Delay of the first pass; default 0. */
  readonly firstDelayMs?: number;
  readonly health: PassHealthConfig;
  /** Passes run only while this says so (the follower lease's holder); default always. */
  readonly isActive?: () => boolean;
}

/**
 * A component with a `tick()` (the MEV batcher, the provider registration) as a part: a pass every
 * `intervalMs`, passes never overlapping; a failed pass is logged and the loop goes on, and the
 * part turns unhealthy after HEALTH_MAX_FAILED_PASSES in a row or a pass that hangs.
 */
export class PollingPart implements LongRunning {
  private loop: PollLoop | null = null;
  private readonly passes: PassHealth;

  constructor(
    readonly name: string,
    private readonly pass: () => Promise<unknown>,
    private readonly options: PollingPartOptions,
    private readonly log: Logger,
  ) {
    this.passes = new PassHealth(options.health, options.intervalMs);
  }

  start(): Promise<void> {
    const isActive = this.options.isActive ?? (() => true);
    this.passes.started();
    this.loop = startPollLoop(
      () =>
        this.passes.track(async () => {
          if (isActive()) {
            await this.pass();
          }
        }),
      this.options.intervalMs,
      (err) => this.log.warn('pass failed; retrying', { part: this.name, err }),
      this.options.firstDelayMs ?? 0,
    );
    return Promise.resolve();
  }

  async stop(): Promise<void> {
    this.passes.stopped();
    await this.loop?.stop();
    this.loop = null;
  }

  health(): PartHealth {
    return this.passes.health();
  }
}
