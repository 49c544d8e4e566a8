import type {
  ExecutionRequest,
  ExecutorSettings,
  ExecutorSandbox,
  SandboxOutcome,
} from '../../../executors';
import type { JobRunner, RunOutcome } from '../job-runner';

/** JobRunner over the executor sandbox: every attempt runs in a child process with limits. */
export class SandboxJobRunner implements JobRunner {
  constructor(
    private readonly sandbox: ExecutorSandbox,
    /** Added to every request (LLM endpoint, …). */
    private readonly settings: ExecutorSettings = {},
  ) {}

  async run(
    request: ExecutionRequest,
    options: { readonly signal: AbortSignal; readonly timeoutMs: number },
  ): Promise<RunOutcome> {
    const outcome = await this.sandbox.run(
      request.model.kind,
      { ...request, settings: { ...this.settings, ...request.settings } },
      { signal: options.signal, timeoutMs: options.timeoutMs },
    );
    return toRunOutcome(outcome);
  }
}

export function toRunOutcome(outcome: SandboxOutcome): RunOutcome {
  switch (outcome.status) {
    case 'ok':
      return { status: 'ok', result: outcome.result, durationMs: outcome.durationMs };
    case 'invalid-input':
      return { status: 'invalid-input', message: outcome.message };
    case 'failed':
      return { status: 'error', kind: 'failed', message: outcome.message };
    case 'timeout':
      return {
        status: 'error',
        kind: 'timeout',
        message: `stopped at the time limit of ${outcome.limitMs} ms`,
      };
    case 'memory-limit':
      return {
        status: 'error',
        kind: 'memory-limit',
        message:
          `stopped at the memory limit of ${outcome.limitMb} MB (${outcome.cause})` +
          (outcome.peakRssMb === null ? '' : `; peak RSS ${outcome.peakRssMb} MB`),
      };
    case 'crashed':
      return {
        status: 'error',
        kind: 'crashed',
        message: `executor process exited (code ${outcome.exitCode}, signal ${outcome.signal}): ${outcome.stderrTail.slice(-300)}`,
      };
    case 'aborted':
      return { status: 'error', kind: 'aborted', message: 'aborted' };
  }
}
