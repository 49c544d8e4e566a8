import type { TxManagerListener } from '../../src/chain/tx';
import type { FollowerProgress } from '../../src/chain/follower/chain-follower';
import type { JobEngineListener } from '../../src/jobs/engine';

/** `job:<id>:<step>` → the job id (see stepKey in the job engine). */
function jobOfKey(key: string): bigint | null {
  const match = /^job:(\d+):/.exec(key);
  return match ? BigInt(match[1]!) : null;
}

type Waiter = { predicate: () => boolean; resolve: () => void };

/**
 * Times what the service's own hooks report, from outside the engine: the follower's progress
 * (a finalized block stored), the engine's stages and the transaction manager's submissions and
 * inclusions. Times are `performance.now()` milliseconds.
 */
export class OrchestrationTimeline {
  /** finalized blocks stored: [last block of the batch, when] */
  readonly stored: { block: bigint; at: number }[] = [];
  /** job id → stage → first time */
  readonly stages = new Map<bigint, Map<string, number>>();
  /** job id → first chain action submitted */
  readonly firstSubmitted = new Map<bigint, number>();
  /** idempotency key → submitted / first seen in a block (in a best block or finalized) */
  readonly submitted = new Map<string, number>();
  readonly included = new Map<string, number>();
  private readonly waiters: Waiter[] = [];

  readonly onProgress = (progress: FollowerProgress): void => {
    if (progress.lane === 'finalized') {
      this.stored.push({ block: progress.current, at: performance.now() });
      this.check();
    }
  };

  readonly engine: JobEngineListener = {
    onStage: (work, stage) => {
      let stages = this.stages.get(work.queueJobId);
      if (!stages) {
        stages = new Map();
        this.stages.set(work.queueJobId, stages);
      }
      if (!stages.has(stage)) {
        stages.set(stage, performance.now());
      }
      this.check();
    },
  };

  readonly tx: TxManagerListener = {
    onSubmitted: (key) => {
      const now = performance.now();
      if (!this.submitted.has(key)) {
        this.submitted.set(key, now);
      }
      const job = jobOfKey(key);
      if (job !== null && !this.firstSubmitted.has(job)) {
        this.firstSubmitted.set(job, now);
      }
      this.check();
    },
    // with finality without delay the tracker often sees an action finalized without seeing it
    // in a best block first: whichever it reports first is when the action was in a block
    onIncluded: (key) => this.markIncluded(key),
    onFinalized: (key) => this.markIncluded(key),
  };

  private markIncluded(key: string): void {
    if (!this.included.has(key)) {
      this.included.set(key, performance.now());
    }
  }

  /** When the follower had stored the finalized block `number` (or later), if it has. */
  storedAt(number: bigint): number | undefined {
    return this.stored.find((s) => s.block >= number)?.at;
  }

  stageAt(job: bigint, stage: string): number | undefined {
    return this.stages.get(job)?.get(stage);
  }

  /** Resolves once `predicate` holds, re-checked on every hook call; rejects after `timeoutMs`. */
  until(predicate: () => boolean, timeoutMs: number, what: string): Promise<void> {
    if (predicate()) {
      return Promise.resolve();
    }
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters.splice(this.waiters.indexOf(waiter), 1);
        reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}`));
      }, timeoutMs);
      const waiter: Waiter = {
        predicate,
        resolve: () => {
          clearTimeout(timer);
          resolve();
        },
      };
      this.waiters.push(waiter);
    });
  }

  private check(): void {
    for (const waiter of [...this.waiters]) {
      if (waiter.predicate()) {
        this.waiters.splice(this.waiters.indexOf(waiter), 1);
        waiter.resolve();
      }
    }
  }
}

/** Nearest-rank percentile (0..1) of the values. */
export function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)] ?? Number.NaN;
}
