import { runningHealth, type PartHealth } from './lifecycle';

/** When a polling part (one pass every interval) counts as unhealthy. */
export interface PassHealthConfig {
  /** This many failed passes in a row (HEALTH_MAX_FAILED_PASSES). */
  readonly maxFailedPasses: number;
  /** No pass has ended for the interval plus this long: a pass hangs (HEALTH_STALLED_PASS_MS). */
  readonly stalledPassMs: number;
}

/** The defaults of HEALTH_MAX_FAILED_PASSES and HEALTH_STALLED_PASS_MS. */
export const DEFAULT_PASS_HEALTH: PassHealthConfig = { maxFailedPasses: 3, stalledPassMs: 300_000 };

/**
 * The health of a loop of passes (the job engine, the transaction manager, the MEV batcher, the
 * provider registration): running, its last passes not all failed, and not stuck in one.
 */
export class PassHealth {
  private isRunning = false;
  private failedInARow = 0;
  private lastError: unknown = null;
  private lastProgressAt = 0;

  constructor(
    private readonly config: PassHealthConfig,
    /** The loop's pause between passes, ms. */
    private readonly intervalMs: number,
    private readonly now: () => number = () => performance.now(),
  ) {}

  started(): void {
    this.isRunning = true;
    this.lastProgressAt = this.now();
  }

  stopped(): void {
    this.isRunning = false;
  }

  succeeded(): void {
    this.failedInARow = 0;
    this.lastError = null;
    this.lastProgressAt = this.now();
  }

  failed(err: unknown): void {
    this.failedInARow += 1;
    this.lastError = err;
    this.lastProgressAt = this.now();
  }

  /** Runs one pass and records its outcome; the error is rethrown to the loop. */
  async track(pass: () => Promise<void>): Promise<void> {
    try {
      await pass();
    } catch (err) {
      this.failed(err);
      throw err;
    }
    this.succeeded();
  }

  health(): PartHealth {
    if (!this.isRunning) {
      return runningHealth(false);
    }
    const { maxFailedPasses, stalledPassMs } = this.config;
    if (this.failedInARow >= maxFailedPasses) {
      return {
        isHealthy: false,
        reason: `the last ${this.failedInARow} passes failed: ${messageOf(this.lastError)}`,
      };
    }
    const silentMs = this.now() - this.lastProgressAt;
    if (silentMs > this.intervalMs + stalledPassMs) {
      return {
        isHealthy: false,
        reason: `no pass has ended for ${Math.round(silentMs / 1000)} s`,
      };
    }
    return runningHealth(true);
  }
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
