export { resolveLogFormat, type LineSink, type LogFormat, type LogLevel } from './log-format';
export { createLogRoot, PinoLogger, type LogRoot, type LogRootOptions } from './pino-logger';
export { formatPrettyLine, prettyJsonLine, prettyLineStream } from './pretty-log-line';
export { REDACTED_PATHS } from './redaction';
