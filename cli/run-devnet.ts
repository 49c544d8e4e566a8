import { defaultContractAddresses, startDevnet, type DevnetOptions } from '../devnet/devnet';
import { formatDevnetBanner } from './devnet-banner';

export interface RunDevnetOptions {
  port: number;
  host: string;
  /** a block per extrinsic; otherwise one every `blockTimeMs` */
  instant: boolean;
  blockTimeMs: number;
  /** undefined: the devnet's default (2, or 0 in instant mode) */
  finalityLag?: number;
  stateFile?: string;
  requireAccountMapping: boolean;
}

export interface RunDevnetIo {
  write(text: string): void;
  /** resolves on the first SIGINT or SIGTERM */
  shutdownSignal(): Promise<NodeJS.Signals>;
}

const SHUTDOWN_SIGNALS: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM'];

/**
 * Starts the devnet, prints the banner, and on SIGINT/SIGTERM stops it cleanly (the state file,
 * when given, is written by `stop()`). A second signal during shutdown exits at once.
 */
export async function runDevnet(
  options: RunDevnetOptions,
  io: RunDevnetIo = processIo(),
): Promise<void> {
  const devnetOptions: DevnetOptions = {
    port: options.port,
    host: options.host,
    instant: options.instant,
    blockTimeMs: options.blockTimeMs,
    finalityLag: options.finalityLag,
    stateFile: options.stateFile,
    requireAccountMapping: options.requireAccountMapping,
  };
  const signal = io.shutdownSignal();
  const devnet = await startDevnet(devnetOptions);
  io.write(
    formatDevnetBanner({
      url: devnet.url,
      blocks: options.instant ? 'instant' : options.blockTimeMs,
      finalityLag: devnet.node.store.finalityLag,
      stateFile: options.stateFile,
      requireAccountMapping: options.requireAccountMapping,
      addresses: defaultContractAddresses(),
    }),
  );
  io.write(`best block #${devnet.node.best.number}; press Ctrl+C to stop\n`);
  const received = await signal;
  io.write(`\n${received}: stopping the devnet\n`);
  await devnet.stop();
  io.write(
    options.stateFile
      ? `devnet stopped; chain saved to ${options.stateFile} at #${devnet.node.best.number}\n`
      : 'devnet stopped\n',
  );
}

function processIo(): RunDevnetIo {
  return {
    write: (text) => process.stdout.write(text),
    shutdownSignal: () =>
      new Promise((resolve) => {
        const onSignal = (signal: NodeJS.Signals) => {
          for (const name of SHUTDOWN_SIGNALS) {
            process.off(name, onSignal);
            process.once(name, () => process.exit(130));
          }
          resolve(signal);
        };
        for (const name of SHUTDOWN_SIGNALS) {
          process.on(name, onSignal);
        }
      }),
  };
}
