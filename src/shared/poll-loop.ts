/** A background loop started with `startPollLoop`. */
export interface PollLoop {
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
  const schedule = (delayMs: number) => {
    if (isStopped) {
      return;
    }
    timer = setTimeout(() => {
      running = pass()
        .catch(onError)
        .finally(() => {
          running = undefined;
          schedule(intervalMs);
        });
    }, delayMs);
  };
  schedule(firstDelayMs);
  return {
    stop: async () => {
      isStopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
