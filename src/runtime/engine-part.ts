import { JobEngine } from '../jobs/engine';
import type { LongRunning, PartHealth, PassHealth } from '../shared';

/**
 * The job engine whose passes report to `passes`: its poll loop calls `tick()`, so each pass's
 * outcome is seen here without the engine knowing (it has no health of its own yet; issue 10's
 * engine stages may give it one, and then this subclass goes).
 */
export class ObservedJobEngine extends JobEngine {
  constructor(
    private readonly passes: PassHealth,
    ...engine: ConstructorParameters<typeof JobEngine>
  ) {
    super(...engine);
  }

  override tick(): Promise<void> {
    return this.passes.track(() => super.tick());
  }
}

/** The job engine as a part: a graceful stop lets running attempts finish for `drainMs`. */
export class EnginePart implements LongRunning {
  readonly name = 'job-engine';

  constructor(
    private readonly engine: JobEngine,
    private readonly passes: PassHealth,
  ) {}

  start(): Promise<void> {
    this.passes.started();
    this.engine.start();
    return Promise.resolve();
  }

  async stop(drainMs = 0): Promise<void> {
    this.passes.stopped();
    await this.engine.stop(drainMs);
  }

  health(): PartHealth {
    return this.passes.health();
  }
}
