import type { ExecutionRequest } from '../executor';
import { bytesToMb } from './read-rss';
import type { SandboxOutcome } from './sandbox-outcome';
import type { ChildExit, JobEnd, SandboxProcess } from './sandbox-process';

export interface JobLimits {
  readonly timeoutMs: number;
  readonly memoryLimitMb: number;
  readonly maxOldSpaceMb: number;
  readonly rssPollMs: number;
  /** The caller's signal and the sandbox's own (closing): either ends the job as `aborted`. */
  readonly signals: readonly AbortSignal[];
}

export interface SupervisedJob {
  readonly outcome: SandboxOutcome;
  /** False once the child was killed, failed, or went over its memory limit. */
  readonly isChildReusable: boolean;
}

const HEAP_OUT_OF_MEMORY = /heap out of memory/i;

/**
 * Runs one job on `child` and watches it: SIGKILL on timeout, on RSS over the limit (polled from
 * outside, so native allocations count and a blocked event loop cannot hide it) and on abort.
 */
export function superviseJob(
  child: SandboxProcess,
  id: number,
  kind: string,
  request: ExecutionRequest,
  limits: JobLimits,
): Promise<SupervisedJob> {
  const limitBytes = limits.memoryLimitMb * 1024 * 1024;
  const startedAt = performance.now();
  let peakBytes: number | undefined;
  const notePeak = (rss: number | undefined) => {
    if (rss !== undefined && (peakBytes === undefined || rss > peakBytes)) {
      peakBytes = rss;
    }
  };
  const peakRssMb = () => (peakBytes === undefined ? null : bytesToMb(peakBytes));

  return new Promise<SupervisedJob>((resolve) => {
    let isSettled = false;
    const finish = (outcome: SandboxOutcome, isChildReusable: boolean) => {
      if (isSettled) {
        return;
      }
      isSettled = true;
      clearTimeout(timer);
      clearInterval(poller);
      for (const signal of limits.signals) {
        signal.removeEventListener('abort', abort);
      }
      if (!isChildReusable) {
        child.kill();
      }
      resolve({ outcome, isChildReusable });
    };
    const abort = () => finish({ status: 'aborted' }, false);
    const timer = setTimeout(
      () => finish({ status: 'timeout', limitMs: limits.timeoutMs }, false),
      limits.timeoutMs,
    );
    const pollRss = async () => {
      const rss = await child.rssBytes();
      notePeak(rss);
      if (rss !== undefined && rss > limitBytes) {
        const limitMb = limits.memoryLimitMb;
        finish({ status: 'memory-limit', cause: 'rss', limitMb, peakRssMb: peakRssMb() }, false);
      }
    };
    const poller = setInterval(() => void pollRss(), limits.rssPollMs);
    for (const signal of limits.signals) {
      signal.addEventListener('abort', abort, { once: true });
    }
    if (limits.signals.some((signal) => signal.aborted)) {
      abort();
      return;
    }
    void child.run(id, kind, request).then((end) => {
      if (end.type === 'reply') {
        notePeak(end.rssBytes);
      }
      const durationMs = Math.round((performance.now() - startedAt) * 10) / 10;
      const outcome = outcomeOf(end, durationMs, limits, peakRssMb());
      const isWithinMemory = peakBytes === undefined || peakBytes <= limitBytes;
      finish(outcome, isWithinMemory && isHealthyEnd(end));
    });
  });
}

function isHealthyEnd(end: JobEnd): boolean {
  return end.type === 'reply' && (end.reply.ok || end.reply.error.invalidInput);
}

function outcomeOf(
  end: JobEnd,
  durationMs: number,
  limits: JobLimits,
  peakRssMb: number | null,
): SandboxOutcome {
  switch (end.type) {
    case 'reply': {
      const { reply } = end;
      if (reply.ok) {
        return { status: 'ok', result: reply.result, durationMs, peakRssMb };
      }
      return reply.error.invalidInput
        ? { status: 'invalid-input', message: reply.error.message }
        : { status: 'failed', message: `${reply.error.name}: ${reply.error.message}` };
    }
    case 'exit':
      return exitOutcome(end.exit, limits, peakRssMb);
    case 'unsendable':
      return { status: 'failed', message: `request cannot cross the sandbox: ${end.message}` };
  }
}

function exitOutcome(exit: ChildExit, limits: JobLimits, peakRssMb: number | null): SandboxOutcome {
  if (HEAP_OUT_OF_MEMORY.test(exit.stderrTail)) {
    return { status: 'memory-limit', cause: 'js-heap', limitMb: limits.maxOldSpaceMb, peakRssMb };
  }
  const { exitCode, signal, stderrTail } = exit;
  return { status: 'crashed', exitCode, signal, stderrTail };
}
