import { Option, type Command } from 'commander';
import {
  parseBlockTime,
  parseFinalityLag,
  parseHost,
  parsePort,
  parseStateFile,
} from './cli-options';
import { runDevnet } from './run-devnet';

interface DevnetCommandOptions {
  port: number;
  host: string;
  blockTime?: number;
  instant?: boolean;
  finalityLag?: number;
  state?: string;
  requireMapping: boolean;
}

const DEFAULT_BLOCK_TIME_MS = 1000;

/** `polkamesh devnet`: a local Substrate JSON-RPC node with the six PolkaMesh contracts. */
export function registerDevnetCommand(program: Command): void {
  program
    .command('devnet')
    .description('run the local PolkaMesh devnet (Substrate JSON-RPC over WebSocket)')
    .addOption(
      new Option('--port <port>', 'WebSocket port (0 picks a free one)')
        .argParser(parsePort)
        .default(9944),
    )
    .addOption(
      new Option('--host <host>', 'interface to listen on')
        .argParser(parseHost)
        .default('127.0.0.1'),
    )
    .addOption(
      new Option('--block-time <ms>', `a block every <ms> (default ${DEFAULT_BLOCK_TIME_MS})`)
        .argParser(parseBlockTime)
        .conflicts('instant'),
    )
    .addOption(new Option('--instant', 'a block per submitted extrinsic').conflicts('blockTime'))
    .addOption(
      new Option(
        '--finality-lag <n>',
        'blocks between best and finalized (default 2, or 0 with --instant)',
      ).argParser(parseFinalityLag),
    )
    .addOption(
      new Option('--state <file>', 'keep the chain in <file> across restarts').argParser(
        parseStateFile,
      ),
    )
    .option('--no-require-mapping', 'accept revive calls from accounts without revive.mapAccount')
    .action(async (options: DevnetCommandOptions) => {
      await runDevnet({
        port: options.port,
        host: options.host,
        instant: options.instant === true,
        blockTimeMs: options.blockTime ?? DEFAULT_BLOCK_TIME_MS,
        finalityLag: options.finalityLag,
        stateFile: options.state,
        requireAccountMapping: options.requireMapping,
      });
    });
}
