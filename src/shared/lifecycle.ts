/**
 * The one lifecycle of the service's long-running parts (ADR 0018): the composition root
 * (src/runtime) starts them in order, stops them in reverse, also when a later one fails to start,
 * and reports their health into GET /ready.
 */
export interface PartHealth {
  readonly isHealthy: boolean;
  /** Why not, in words (shown in /ready's reasons). */
  readonly reason?: string;
}

export interface LongRunning {
  /** Stable and unique in the service, e.g. `tx-manager`; /ready names the part by it. */
  readonly name: string;
  start(): Promise<void>;
  /**
   * Stops it and resolves once nothing of it runs any more. `drainMs`: how long work in flight may
   * finish first (graceful shutdown); parts without such work ignore it.
   */
  stop(drainMs?: number): Promise<void>;
  health(): PartHealth;
}

/** One part's health, by name, as /ready reads it. */
export interface PartReport extends PartHealth {
  readonly name: string;
}

export const HEALTHY: PartHealth = Object.freeze({ isHealthy: true });

/** Health of a part that is healthy while it runs: started and not stopped. */
export function runningHealth(isRunning: boolean): PartHealth {
  return isRunning ? HEALTHY : { isHealthy: false, reason: 'not running' };
}
