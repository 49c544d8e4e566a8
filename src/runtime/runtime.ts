import type { AppConfig } from '../config';
import { PolkadotChainClient } from '../chain';
import { confidentialPayloadLink } from '../jobs/engine';
import { ContractProjector } from '../projections';
import { Secret, type PartReport } from '../shared';
import { ApiPart } from './api-part';
import { chainClientConfig } from './config-slices';
import { confidentialKeyPair } from './confidential-key';
import { FollowerPart } from './follower-part';
import { JobServices } from './job-services';
import { DevnetPart } from './devnet-part';
import { Lifecycle, type StartPart, type StopOutcome } from './lifecycle';
import { DemoPart } from './polkadot/demo-part';
import { contractReadOrigin, resolveReaderOrigin } from './polkadot/reader-origin';
import { RunningPart } from './running-part';
import type { LocalDevnet, RuntimeHost } from './runtime-host';
import { StoragePart } from './storage-part';

/** What runs, for the banners. */
export interface RuntimeView {
  /** The bundled devnet, when no RPC_URL is configured. */
  readonly devnet: LocalDevnet | null;
  /** The HTTP API's base URL, e.g. `http://127.0.0.1:3000`. */
  readonly httpUrl: string;
  /** The job side; null without WORKER_SEED (and not on the bundled devnet). */
  readonly jobs: { readonly provider: string; readonly attestationKey: string } | null;
  /** Demo traffic plays on the devnet. */
  readonly demoTraffic: boolean;
}

/**
 * The composition root (ADR 0018): builds the whole service from the config and starts its parts
 * in order — the devnet (no RPC_URL), storage, the chain client, the chain follower's leadership,
 * the HTTP API, the transaction submitter and manager, the executor sandbox, the job engine, the
 * MEV batcher, the provider registration and the demo traffic — and stops them in reverse, also
 * when one fails to start. /ready reports each part's health.
 */
export class Runtime {
  private isDraining = false;
  private readonly lifecycle: Lifecycle;
  private view: RuntimeView | null = null;

  private constructor(
    private readonly config: AppConfig,
    private readonly host: RuntimeHost,
  ) {
    this.lifecycle = new Lifecycle(host.log);
  }

  /** Starts every part; rejects (with what ran stopped) when one fails or host.signal aborts. */
  static async start(config: AppConfig, host: RuntimeHost): Promise<Runtime> {
    const runtime = new Runtime(config, host);
    runtime.view = await runtime.lifecycle.launch((start) => runtime.build(start), host.signal);
    return runtime;
  }

  get running(): RuntimeView {
    if (this.view === null) {
      throw new Error('the runtime has not started');
    }
    return this.view;
  }

  /** Every part's health, in start order (what /ready reads). */
  health(): PartReport[] {
    return this.lifecycle.health();
  }

  /** A graceful shutdown began: /ready says 503 `draining` at once, before anything stops. */
  beginDrain(): void {
    this.isDraining = true;
  }

  /**
   * Stops every part in reverse; running job attempts get `drainMs` to finish. After `limitMs` in
   * all it gives up waiting and says which parts did not stop (the caller then exits anyway).
   */
  async stop(drainMs = 0, limitMs?: number): Promise<StopOutcome> {
    this.beginDrain();
    const outcome = await this.lifecycle.stop(drainMs, limitMs);
    if (outcome.notStopped.length === 0) {
      this.host.log.info('service stopped');
    }
    return outcome;
  }

  private async build(start: StartPart): Promise<RuntimeView> {
    const { config, host } = this;
    const { log } = host;
    const devnet = config.chain.useDevnet
      ? await start(new DevnetPart(host.startDevnet, config.devnet))
      : null;
    const local = devnet?.devnet ?? null;
    if (local !== null) {
      host.onDevnet?.(local);
    }
    const endpoints = local === null ? config.chain.endpoints : [local.url];
    const blockTimeMs = local === null ? config.chain.blockTimeMs : config.devnet.blockTimeMs;
    const readerOrigin = await resolveReaderOrigin(config, local, log);
    const jobConfig = withDevnetWorker(config, local !== null);
    const workerSeed = jobConfig.keys.workerSeed;

    const storage = await start(new StoragePart(config.storage, log));
    const client = new PolkadotChainClient(chainClientConfig(config, endpoints, blockTimeMs), {
      log: log.child('chain:client'),
    });
    await start(
      new RunningPart('chain-client', { start: () => client.start(), stop: () => client.stop() }),
    );
    const linkPayload = confidentialPayloadLink(
      workerSeed === null ? null : confidentialKeyPair(workerSeed),
    );
    let wakeEngine: () => void = () => undefined;
    const follower = await start(
      new FollowerPart({
        config,
        database: storage.database,
        client,
        projector: readerOrigin
          ? new ContractProjector(client, { origin: readerOrigin, linkPayload })
          : null,
        log,
        onProgress: (progress) => {
          host.onProgress?.(progress);
          // new finalized events: the engine looks at once instead of at its next poll
          if (progress.events > 0) {
            wakeEngine();
          }
        },
      }),
    );
    log.info('service started', { endpoints, instanceId: config.operations.instanceId });

    const jobs =
      workerSeed === null
        ? null
        : await JobServices.build({
            config: jobConfig,
            storage: storage.storage,
            client,
            endpoints,
            log,
            isLeader: () => follower.isLeader(),
          });
    if (jobs !== null) {
      wakeEngine = () => jobs.engine.wake();
    }
    const api = await start(
      new ApiPart({
        config,
        database: storage.database,
        storage: storage.storage,
        client,
        jobs,
        readOrigin: await contractReadOrigin(config, local !== null),
        blockTimeMs,
        log,
        logRoot: host.logRoot,
        draining: () => this.isDraining,
        parts: () => this.health(),
      }),
    );
    for (const part of jobs?.parts ?? []) {
      await start(part);
    }
    jobs?.logStarted(jobConfig);
    const demoTraffic = local !== null && config.demo.traffic;
    if (demoTraffic) {
      await start(new DemoPart(local, config.demo, log.child('demo')));
    }
    return {
      devnet: local,
      httpUrl: api.url,
      jobs: jobs && { provider: jobs.worker.h160, attestationKey: jobs.attestationKey },
      demoTraffic,
    };
  }
}

/** The demo's provider (//Charlie) works the demo's jobs on the bundled devnet unless WORKER_SEED is set. */
function withDevnetWorker(config: AppConfig, isDevnet: boolean): AppConfig {
  if (config.keys.workerSeed !== null || !isDevnet) {
    return config;
  }
  return { ...config, keys: { ...config.keys, workerSeed: new Secret('//Charlie') } };
}
