/**
 * A request line's level: errors and 5xx `error`, other 4xx `info`, the rest `debug` (pino-http's
 * `customLogLevel`, and the direct handlers' request lines).
 */
export function requestLogLevel(
  _req: unknown,
  res: { statusCode: number },
  err?: Error,
): 'error' | 'info' | 'debug' {
  return err !== undefined || res.statusCode >= 500
    ? 'error'
    : res.statusCode >= 400
      ? 'info'
      : 'debug';
}
