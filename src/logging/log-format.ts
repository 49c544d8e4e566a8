/** How log lines are written: one JSON object per line, or a readable line for a terminal. */
export type LogFormat = 'json' | 'pretty';

/** LOG_LEVEL: the lowest level written. */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

/** Where lines go: `process.stdout`, a test's buffer. Each call gets whole lines. */
export interface LineSink {
  write(chunk: string): unknown;
}

/** `auto` → pretty on a terminal, JSON otherwise. */
export function resolveLogFormat(configured: 'auto' | LogFormat, isTty: boolean): LogFormat {
  return configured === 'auto' ? (isTty ? 'pretty' : 'json') : configured;
}
