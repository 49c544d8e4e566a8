/**
 * The Logger port (STYLE §9): constant messages, data in fields, named children per component.
 * PinoLogger (src/logging) implements it; the HTTP request logs share its pino instance and format.
 */
export type LogFields = Readonly<Record<string, unknown>>;

export interface Logger {
  debug(msg: string, fields?: LogFields): void;
  info(msg: string, fields?: LogFields): void;
  warn(msg: string, fields?: LogFields): void;
  error(msg: string, fields?: LogFields): void;
  child(name: string, fields?: LogFields): Logger;
}

/** Discards everything; the default for components built without a logger. */
export const NOOP_LOGGER: Logger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
  child: () => NOOP_LOGGER,
};
