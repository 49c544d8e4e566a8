import { runningHealth, type LongRunning, type PartHealth } from '../shared';

export interface RunningPartHooks {
  readonly start?: () => Promise<void> | void;
  readonly stop: (drainMs: number) => Promise<void> | void;
}

/**
 * A part whose health is whether it runs (storage, chain client, submitter, sandbox, API, devnet):
 * the component's own start and stop, adapted to LongRunning. Its finer health, where it has one,
 * is already in /ready (database reachable, endpoints trusted, follower lag).
 */
export class RunningPart implements LongRunning {
  private isRunning = false;

  constructor(
    readonly name: string,
    private readonly hooks: RunningPartHooks,
  ) {}

  async start(): Promise<void> {
    await this.hooks.start?.();
    this.isRunning = true;
  }

  async stop(drainMs = 0): Promise<void> {
    if (!this.isRunning) {
      return;
    }
    this.isRunning = false;
    await this.hooks.stop(drainMs);
  }

  health(): PartHealth {
    return runningHealth(this.isRunning);
  }
}
