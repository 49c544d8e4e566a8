import type { ExecutionRequest, ExecutionResult } from '../../executors';

/** How one attempt ended, as the engine needs to know it. */
export type RunOutcome =
  | { readonly status: 'ok'; readonly result: ExecutionResult; readonly durationMs: number }
  /** The input does not fit the model: retrying cannot help. */
  | { readonly status: 'invalid-input'; readonly message: string }
  /** Executor error, timeout, memory limit, crash or abort: retryable until the limit. */
  | {
      readonly status: 'error';
      readonly kind: 'failed' | 'timeout' | 'memory-limit' | 'crashed' | 'aborted';
      readonly message: string;
    };

/** Runs one request in isolation (the sandbox adapter implements it). */
export interface JobRunner {
  run(
    request: ExecutionRequest,
    options: { readonly signal: AbortSignal; readonly timeoutMs: number },
  ): Promise<RunOutcome>;
}
