/** A background loop started with `startPollLoop`. */
export interface PollLoop {
  /**
   * Something changed: the next pass starts now instead of after the interval, or right after the
   * pass in flight (several wakes during one pass make one more pass).
   */
  wake(): void;
  /** No new pass starts; resolves once the pass in flight (if any) has ended. */
  stop(): Promise<void>;
}

/**
 * Runs `pass` now and then again `intervalMs` after each pass ends (passes never overlap) until
 * stopped. A failing pass is reported to `onError` and the loop goes on.
 */
export function startPollLoop(
  pass: () => Promise<void>,
  intervalMs: number,
  onError: (err: unknown) => void,
  firstDelayMs = 0,
): PollLoop {
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let isStopped = false;
  let isWoken = false;
  const schedule = (delayMs: number) => {
    if (isStopped) {
      return;
    }
    timer = setTimeout(() => {
      isWoken = false;
      running = pass()
        .catch(onError)
        .finally(() => {
          running = undefined;
          schedule(isWoken ? 0 : intervalMs);
        });
    }, delayMs);
  };
  schedule(firstDelayMs);
  return {
    wake: () => {
      if (isStopped || isWoken) {
        return;
      }
      isWoken = true;
      if (running === undefined) {
        clearTimeout(timer);
        schedule(0);
      }
    },
    stop: async () => {
      isStopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
