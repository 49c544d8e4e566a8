import type { ExecutionResult } from '../executor';

/**
 * How one sandboxed job ended. Only `ok` carries a result; every other status means the child was
 * discarded (except `invalid-input`, after which it stays healthy and may be reused).
 */
export type SandboxOutcome =
  | {
      readonly status: 'ok';
      readonly result: ExecutionResult;
      /** From handing the job to the child to its reply, child start-up included. */
      readonly durationMs: number;
      /** Highest child RSS seen during the job; null where it could not be read. */
      readonly peakRssMb: number | null;
    }
  /** The executor threw `InvalidInputError`: fail the job without retries. */
  | { readonly status: 'invalid-input'; readonly message: string }
  /** The executor (or its loader) threw any other error: a transient failure. */
  | { readonly status: 'failed'; readonly message: string }
  | { readonly status: 'timeout'; readonly limitMs: number }
  | {
      readonly status: 'memory-limit';
      /** `rss`: the parent saw the child's RSS over the limit; `js-heap`: V8 ran out of heap. */
      readonly cause: 'rss' | 'js-heap';
      /** `memoryLimitMb` for `rss`, `maxOldSpaceMb` for `js-heap`. */
      readonly limitMb: number;
      readonly peakRssMb: number | null;
    }
  | {
      readonly status: 'crashed';
      readonly exitCode: number | null;
      readonly signal: NodeJS.Signals | null;
      /** The last few KB the child wrote to stderr. */
      readonly stderrTail: string;
    }
  /** The caller's signal fired, or the sandbox was closed while the job ran. */
  | { readonly status: 'aborted' };

export type SandboxStatus = SandboxOutcome['status'];
