import { ApiPromise, WsProvider } from '@polkadot/api';
import { Keyring } from '@polkadot/keyring';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import { defaultContractAddresses, startDevnet, type Devnet } from '../devnet/devnet';
import { ConsoleLogger, prettyPinoStream, resolveLogFormat } from '../src/chain';
import type { FollowerProgress } from '../src/chain/follower';
import { apiConfigFrom, startApiServer, type ApiServer } from '../src/api';
import { loadConfig, type AppConfig } from '../src/config';
import { playDemo } from '../src/demo';
import { ServiceRuntime, confidentialKeyPair, JobServices } from '../src/service';
import { resolveReaderOrigin } from './reader-origin';
import { ContractProjector } from '../src/projections';
import { confidentialPayloadLink } from '../src/jobs/engine';
import { Secret } from '../src/shared';
import { FsContentStore } from '../src/content-store';
import { SqlOperationsFigures, SqlProjectionTotals } from '../src/storage';
import { surviveFdExhaustion } from './fd-exhaustion';
import { formatProgress } from './progress-bar';

export interface RunServiceIo {
  write(text: string): void;
  /** Whether stdout is a terminal: LOG_FORMAT=auto then writes readable lines, else JSON. */
  readonly isTty?: boolean;
  shutdownSignal(): Promise<NodeJS.Signals>;
}

/** Devnet block time used by `polkamesh start` when no RPC_URL is configured. */
const DEVNET_BLOCK_MS = 1000;

/**
 * `polkamesh start`: the service. With no RPC_URL it first starts the bundled devnet (state kept in
 * DEVNET_STATE_FILE) and plays demo traffic on it, all offline.
 */
export async function runService(
  io: RunServiceIo,
  env: NodeJS.ProcessEnv = process.env,
): Promise<void> {
  const config = loadConfig(env);
  const logFormat = resolveLogFormat(config.log.format, io.isTty ?? false);
  const log = new ConsoleLogger('polkamesh', config.log.level, {}, logFormat);
  const stopSurvivingFdExhaustion = surviveFdExhaustion(log);
  const signal = io.shutdownSignal();
  // A signal while starting ends the start (the step under way may never finish, e.g. a database
  // that accepts connections and never answers); whatever already started is stopped.
  const interrupted = signal.then((received) => {
    throw new StartInterruptedError(received);
  });
  interrupted.catch(() => undefined);
  const untilInterrupted = <T>(step: Promise<T>): Promise<T> => Promise.race([step, interrupted]);
  let devnet: Devnet | undefined;
  let runtime: ServiceRuntime | undefined;
  let jobs: JobServices | null = null;
  let http: ApiServer | undefined;
  let isDraining = false;
  const demo = new AbortController();
  let traffic: Promise<unknown> = Promise.resolve();
  let api: ApiPromise | undefined;
  try {
    let endpoints = config.chain.endpoints;
    if (config.chain.useDevnet) {
      devnet = await untilInterrupted(
        startDevnet({
          port: config.devnet.port,
          blockTimeMs: DEVNET_BLOCK_MS,
          stateFile: config.devnet.stateFile,
        }),
      );
      endpoints = [devnet.url];
      io.write(
        `devnet running at ${devnet.url} (state: ${config.devnet.stateFile}); no RPC_URL set\n`,
      );
    }
    let lastDraw = 0;
    const onProgress = (progress: FollowerProgress) => {
      const now = Date.now();
      const isCatchingUp = progress.to - progress.from >= 10n;
      if (isCatchingUp && (now - lastDraw > 500 || progress.current === progress.to)) {
        lastDraw = now;
        io.write(`${formatProgress(progress)}\n`);
      }
    };
    const readerOrigin = await untilInterrupted(resolveReaderOrigin(config, devnet?.url, log));
    const jobConfig = withDevnetWorker(config, devnet !== undefined);
    const workerSeed = jobConfig.keys.workerSeed;
    const linkPayload = confidentialPayloadLink(
      workerSeed === null ? null : confidentialKeyPair(workerSeed),
    );
    const started = await untilInterrupted(
      ServiceRuntime.start({
        makeProjector: (client) =>
          readerOrigin
            ? new ContractProjector(client, { origin: readerOrigin, linkPayload })
            : null,
        config,
        endpoints,
        expectedBlockTimeMs: devnet ? DEVNET_BLOCK_MS : config.chain.blockTimeMs,
        log,
        onProgress,
      }),
    );
    runtime = started;
    if (workerSeed === null) {
      io.write('job engine off: set WORKER_SEED (the provider key jobs are assigned to)\n');
    } else {
      jobs = await untilInterrupted(
        JobServices.start({
          config: jobConfig,
          storage: started.storage,
          client: started.client,
          endpoints,
          log,
          isLeader: () => started.isLeader(),
        }),
      );
      io.write(`job engine running as provider ${jobs.worker.h160}\n`);
      io.write(`attestation key ${jobs.attestationKey} (pin it to verify attestations)\n`);
    }
    http = await untilInterrupted(
      startApiServer(
        {
          store: started.storage,
          chain: started.client,
          contracts: config.chain.contracts,
          readOrigin: await contractReadOrigin(config, devnet !== undefined),
          log: log.child('api'),
          ...(logFormat === 'pretty' ? { logStream: prettyPinoStream(process.stdout) } : {}),
          draining: () => isDraining,
          figures: new SqlOperationsFigures(started.database),
          instanceId: config.operations.instanceId,
          jobs: {
            work: started.storage.work,
            contents: jobs?.contents ?? new FsContentStore(config.jobs.contentStoreDir),
            attestationPublicKey: jobs?.attestationKey ?? null,
            operator: jobs?.operator ?? null,
            provider: jobs?.provider ?? null,
            settlement: jobs?.settlementCalls ?? null,
            identity: jobs
              ? {
                  provider: jobs.worker.h160,
                  genesisHash: await started.client.getGenesisHash(),
                  confidentialPublicKey: jobs.confidentialKeys.publicKey,
                }
              : null,
            signers: jobs
              ? [
                  { role: 'worker', address: jobs.worker.address },
                  { role: 'custody', address: jobs.custody.address },
                ]
              : [],
          },
          totals: new SqlProjectionTotals(started.database),
        },
        {
          ...apiConfigFrom(config),
          blockTimeMs: devnet ? DEVNET_BLOCK_MS : config.chain.blockTimeMs,
        },
      ),
    );
    io.write(`HTTP API at ${http.url} (OpenAPI: ${http.url}/openapi.json)\n`);
    io.write(`dashboard at ${http.url}/\n`);
    if (devnet && config.demo.traffic) {
      api = await untilInterrupted(
        ApiPromise.create({ provider: new WsProvider(devnet.url), noInitWarn: true }),
      );
      traffic = playDemo(api, defaultContractAddresses(), {
        intervalMs: config.demo.intervalMs,
        signal: demo.signal,
        log: log.child('demo'),
      }).catch((err: unknown) => log.error('demo traffic stopped', { err }));
      io.write(
        'demo: the full story once (provider, job, data NFT + grant, confidential job, MEV intents), ' +
          `then one traffic round every ${config.demo.intervalMs} ms\n`,
      );
    }
  } catch (err) {
    demo.abort();
    await api?.disconnect();
    await http?.close();
    await jobs?.stop();
    await runtime?.stop();
    await devnet?.stop();
    stopSurvivingFdExhaustion();
    throw err;
  }
  io.write('polkamesh service running; press Ctrl+C to stop\n');
  const received = await signal;
  // Drain: /ready says 503 `draining` at once, no new jobs start, running attempts get
  // SHUTDOWN_DRAIN_MS, in-flight HTTP requests finish and SSE streams end, the lease is released.
  isDraining = true;
  const { shutdownDrainMs } = config.operations;
  io.write(`\n${received}: stopping\n`);
  io.write(`draining up to ${shutdownDrainMs} ms; signal again to exit at once\n`);
  void exitOnRepeatedSignal(io, Date.now());
  demo.abort();
  await traffic;
  await api?.disconnect();
  await jobs?.stop(shutdownDrainMs);
  await http.close();
  await runtime.stop();
  await devnet?.stop();
  stopSurvivingFdExhaustion();
  io.write('stopped\n');
}

/** SIGINT or SIGTERM arrived before the service was running; what had started was stopped. */
export class StartInterruptedError extends Error {
  override readonly name = 'StartInterruptedError';

  constructor(readonly signal: NodeJS.Signals) {
    super(`${signal} while starting: stopped what had started`);
  }
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

/** The demo's provider (//Charlie) works the demo's jobs on the bundled devnet unless WORKER_SEED is set. */
function withDevnetWorker(config: AppConfig, isDevnet: boolean): AppConfig {
  if (config.keys.workerSeed !== null || !isDevnet) {
    return config;
  }
  return { ...config, keys: { ...config.keys, workerSeed: new Secret('//Charlie') } };
}

/**
 * The account the /contracts probe dry-runs from (pallet-revive refuses unmapped ones): the worker
 * key when configured; on the bundled devnet with demo traffic, //Bob, whom the demo maps.
 */
async function contractReadOrigin(config: AppConfig, isDevnet: boolean): Promise<string | null> {
  const seed = config.keys.workerSeed;
  if (seed === null && !(isDevnet && config.demo.traffic)) {
    return null;
  }
  await cryptoWaitReady();
  const keyring = new Keyring({ type: 'sr25519', ss58Format: 42 });
  return keyring.addFromUri(seed === null ? '//Bob' : seed.reveal()).address;
}
