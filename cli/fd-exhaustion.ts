import { type Logger, occasionally } from '../src/shared';

const OUT_OF_DESCRIPTORS = new Set(['EMFILE', 'ENFILE']);
const LOG_EVERY_MS = 10_000;

/** True for "too many open files" (this process's limit, EMFILE, or the system's, ENFILE). */
export function isFdExhaustion(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && OUT_OF_DESCRIPTORS.has(code);
}

/**
 * An RPC endpoint sent a WebSocket frame that is not JSON (a proxy's HTML error page, a truncated
 * or binary frame). Polkadot.js's WsProvider parses frames in the socket's message handler, so the
 * SyntaxError escapes as an uncaught exception. Only that frame is lost: the request it answered
 * times out, the endpoint's probes fail and it is reconnected or left for a healthier one.
 */
export function isGarbageRpcFrame(err: unknown): boolean {
  const stack = err instanceof SyntaxError ? (err.stack ?? '') : '';
  return /@polkadot[\\/]rpc-provider[\\/]/.test(stack) && stack.includes('onSocketMessage');
}

/**
 * What the process does with an uncaught exception (or, Node's default, an unhandled rejection):
 * running out of file descriptors is load, not a bug (the failed open or accept has already
 * failed; HTTP_MAX_CONNECTIONS keeps clients from causing it), so it is logged, at most once per
 * 10 s, and the service carries on; so is a garbage frame from an RPC endpoint (above). Anything
 * else still ends the process with status 1, as Node would without a handler.
 */
export function uncaughtErrorHandler(
  log: Logger,
  exit: (code: number) => void,
  now: () => number = Date.now,
): (err: unknown, origin: string) => void {
  const report = occasionally(LOG_EVERY_MS, now);
  const reportGarbage = occasionally(LOG_EVERY_MS, now);
  return (err, origin) => {
    if (isGarbageRpcFrame(err)) {
      reportGarbage((skipped) =>
        log.warn('an RPC endpoint sent a frame that is not JSON; dropped it', {
          err: (err as Error).message,
          skipped,
        }),
      );
      return;
    }
    if (isFdExhaustion(err)) {
      const { code, syscall, path } = err as NodeJS.ErrnoException;
      report((skipped) =>
        log.error('out of file descriptors; still serving', {
          code,
          syscall,
          path,
          origin,
          skipped,
          hint: 'lower HTTP_MAX_CONNECTIONS or raise the open-file limit (ulimit -n)',
        }),
      );
      return;
    }
    log.error('uncaught error; exiting', { origin, err });
    process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    exit(1);
  };
}

/** Installs uncaughtErrorHandler on this process; returns the function that removes it. */
export function surviveFdExhaustion(log: Logger): () => void {
  const handler = uncaughtErrorHandler(log, (code) => process.exit(code));
  process.on('uncaughtException', handler);
  return () => process.off('uncaughtException', handler);
}
