import { InvalidArgumentError, Option, type Command } from 'commander';
import { integerOption } from './cli-options';
import {
  readServiceSnapshot,
  ServiceUnreachableError,
  STATUS_EXIT,
  statusExitCode,
  type FetchLike,
} from './service-snapshot';
import { formatStatusSummary } from './status-summary';

export const DEFAULT_SERVICE_URL = 'http://127.0.0.1:3000';

export interface StatusCliOptions {
  url: string;
  json?: boolean;
  timeout: number;
}

export interface StatusIo {
  write(text: string): void;
  writeError(text: string): void;
}

const parseTimeout = integerOption('timeout (ms)', 1, 600_000);

/** An option parser for the service's base URL (http or https, no query). */
export function parseServiceUrl(raw: string): string {
  const refuse = () =>
    new InvalidArgumentError(
      `url must be an http:// or https:// base URL, got ${JSON.stringify(raw)}.`,
    );
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw refuse();
  }
  if ((url.protocol !== 'http:' && url.protocol !== 'https:') || url.search !== '') {
    throw refuse();
  }
  return url.href.replace(/\/+$/, '');
}

/**
 * Reads a running service's /status, /health, /ready (and /stats) and prints a summary, or with
 * `json` one object `{ url, status, health, ready, stats }`. Resolves to the exit status:
 * 0 ready, 1 not ready, 2 unreachable.
 */
export async function runStatus(
  options: StatusCliOptions,
  io: StatusIo,
  fetchImpl: FetchLike = fetch,
): Promise<number> {
  try {
    const snapshot = await readServiceSnapshot(options.url, fetchImpl, options.timeout);
    io.write(
      options.json === true ? `${JSON.stringify(snapshot)}\n` : formatStatusSummary(snapshot),
    );
    return statusExitCode(snapshot);
  } catch (err) {
    if (err instanceof ServiceUnreachableError) {
      io.writeError(`polkamesh status: ${err.message}\n`);
      return STATUS_EXIT.unreachable;
    }
    throw err;
  }
}

/** `polkamesh status`: a running service's health, readiness and progress, over HTTP. */
export function registerStatusCommand(program: Command): void {
  program
    .command('status')
    .description(
      "a running service's readiness, cursor, lag, RPC endpoints and jobs (exit 0 ready, 1 not ready, 2 unreachable)",
    )
    .addOption(
      new Option('--url <url>', 'the service HTTP API')
        .argParser(parseServiceUrl)
        .default(DEFAULT_SERVICE_URL),
    )
    .option('--json', 'print the raw JSON of the endpoints as one object')
    .addOption(new Option('--timeout <ms>', 'per request').argParser(parseTimeout).default(5000))
    .action(async (options: StatusCliOptions) => {
      process.exitCode = await runStatus(options, {
        write: (text) => process.stdout.write(text),
        writeError: (text) => process.stderr.write(text),
      });
    });
}
