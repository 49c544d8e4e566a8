import { defaultContractAddresses, startDevnet } from '../devnet/devnet';
import type { FollowerProgress } from '../src/chain/follower';
import { loadConfig, type AppConfig } from '../src/config';
import { createLogRoot, PinoLogger, resolveLogFormat } from '../src/logging';
import {
  Runtime,
  type LocalDevnet,
  type LocalDevnetOptions,
  type RuntimeView,
} from '../src/runtime';
import { surviveFdExhaustion } from './fd-exhaustion';
import { formatProgress } from './progress-bar';

export interface RunServiceIo {
  write(text: string): void;
  /** Whether stdout is a terminal: LOG_FORMAT=auto then writes readable lines, else JSON. */
  readonly isTty?: boolean;
  shutdownSignal(): Promise<NodeJS.Signals>;
}

/**
 * `polkamesh start`: the service, built and run by src/runtime from the environment. With no
 * RPC_URL it first starts the bundled devnet (state kept in DEVNET_STATE_FILE) and plays demo
 * traffic on it, all offline. This file is the process's side: logs, signals and banners.
 */
export async function runService(
  io: RunServiceIo,
  env: NodeJS.ProcessEnv = process.env,
): Promise<void> {
  const config = loadConfig(env);
  const logRoot = createLogRoot({
    level: config.log.level,
    format: resolveLogFormat(config.log.format, io.isTty ?? false),
  });
  const log = new PinoLogger(logRoot, 'polkamesh');
  const stopSurvivingFdExhaustion = surviveFdExhaustion(log);
  const signal = io.shutdownSignal();
  // A signal while starting ends the start (the step under way may never finish, e.g. a database
  // that accepts connections and never answers); whatever already started is stopped.
  const interrupt = new AbortController();
  void signal.then((received) => interrupt.abort(new StartInterruptedError(received)));
  let runtime: Runtime;
  try {
    runtime = await Runtime.start(config, {
      log,
      logRoot,
      startDevnet: startLocalDevnet,
      signal: interrupt.signal,
      onDevnet: (devnet) =>
        io.write(
          `devnet running at ${devnet.url} (state: ${config.devnet.stateFile}); no RPC_URL set\n`,
        ),
      onProgress: progressPrinter(io),
    });
  } catch (err) {
    stopSurvivingFdExhaustion();
    throw err;
  }
  printBanners(io, config, runtime.running);
  io.write('polkamesh service running; press Ctrl+C to stop\n');
  const received = await signal;
  // Drain: /ready says 503 `draining` at once, no new jobs start, running attempts get
  // SHUTDOWN_DRAIN_MS, in-flight HTTP requests finish and SSE streams end, the lease is released.
  runtime.beginDrain();
  const { shutdownDrainMs, shutdownTimeoutMs } = config.operations;
  io.write(`\n${received}: stopping\n`);
  io.write(`draining up to ${shutdownDrainMs} ms; signal again to exit at once\n`);
  void exitOnRepeatedSignal(io, Date.now());
  const { notStopped } = await runtime.stop(shutdownDrainMs, shutdownTimeoutMs);
  stopSurvivingFdExhaustion();
  if (notStopped.length > 0) {
    // what did not stop may hold sockets and timers for a long while yet: exit without them
    io.write(
      `not stopped within SHUTDOWN_TIMEOUT_MS (${shutdownTimeoutMs} ms): ${notStopped.join(', ')}; exiting\n`,
    );
    process.exit(1);
  }
  io.write('stopped\n');
}

/** SIGINT or SIGTERM arrived before the service was running; what had started was stopped. */
export class StartInterruptedError extends Error {
  override readonly name = 'StartInterruptedError';

  constructor(readonly signal: NodeJS.Signals) {
    super(`${signal} while starting: stopped what had started`);
  }
}

/** The bundled devnet, at the contract addresses it deploys (the Paseo ones). */
async function startLocalDevnet(options: LocalDevnetOptions): Promise<LocalDevnet> {
  const devnet = await startDevnet(options);
  return { url: devnet.url, contracts: defaultContractAddresses(), stop: () => devnet.stop() };
}

function printBanners(io: RunServiceIo, config: AppConfig, running: RuntimeView): void {
  if (running.jobs === null) {
    io.write('job engine off: set WORKER_SEED (the provider key jobs are assigned to)\n');
  } else {
    io.write(`job engine running as provider ${running.jobs.provider}\n`);
    io.write(`attestation key ${running.jobs.attestationKey} (pin it to verify attestations)\n`);
  }
  io.write(`HTTP API at ${running.httpUrl} (OpenAPI: ${running.httpUrl}/openapi.json)\n`);
  io.write(`dashboard at ${running.httpUrl}/\n`);
  if (running.demoTraffic) {
    io.write(
      'demo: the full story once (provider, job, data NFT + grant, confidential job, MEV intents), ' +
        `then one traffic round every ${config.demo.intervalMs} ms\n`,
    );
  }
}

/** A catch-up of at least this many blocks draws a progress bar. */
const PROGRESS_MIN_BLOCKS = 10n;
/** At most one bar per this many ms (and the last one). */
const PROGRESS_REDRAW_MS = 500;

function progressPrinter(io: RunServiceIo): (progress: FollowerProgress) => void {
  let lastDraw = 0;
  return (progress) => {
    const now = Date.now();
    const isCatchingUp = progress.to - progress.from >= PROGRESS_MIN_BLOCKS;
    if (isCatchingUp && (now - lastDraw > PROGRESS_REDRAW_MS || progress.current === progress.to)) {
      lastDraw = now;
      io.write(`${formatProgress(progress)}\n`);
    }
  };
}

const REPEATED_SIGNAL_GRACE_MS = 1_000;

/**
 * A second SIGINT/SIGTERM exits at once, without draining. One arriving within
 * REPEATED_SIGNAL_GRACE_MS of the first is the same Ctrl+C delivered twice (the terminal's process
 * group and `npm start` forwarding it), not a second request, and is ignored.
 */
async function exitOnRepeatedSignal(io: RunServiceIo, firstAt: number): Promise<void> {
  for (;;) {
    const again = await io.shutdownSignal();
    if (Date.now() - firstAt >= REPEATED_SIGNAL_GRACE_MS) {
      io.write(`${again} again: exiting without draining\n`);
      process.exit(1);
    }
  }
}
