import { Option, type Command } from 'commander';
import { parseHost, parsePort } from './cli-options';
import { runDevnet } from './run-devnet';

/** Where `polkamesh start` keeps its devnet chain. */
export const START_DEVNET_STATE_FILE = './data/devnet-state.bin';

interface StartCommandOptions {
  port: number;
  host: string;
}

/**
 * `polkamesh start`: for now only the local devnet (1 s blocks, persistent state). The service
 * itself (chain follower, job engine, API) is added by the follower and job-engine work; until
 * then this command says so rather than pretending to be the service.
 */
export function registerStartCommand(program: Command): void {
  program
    .command('start')
    .description('start PolkaMesh (for now: only the local devnet; the service is not built yet)')
    .addOption(
      new Option('--port <port>', 'devnet WebSocket port').argParser(parsePort).default(9944),
    )
    .addOption(
      new Option('--host <host>', 'devnet interface').argParser(parseHost).default('127.0.0.1'),
    )
    .action(async (options: StartCommandOptions) => {
      process.stdout.write(
        'polkamesh start: the service is not implemented yet. The chain follower, job engine and\n' +
          'API arrive with the follower/job-engine issues; starting only the local devnet.\n\n',
      );
      await runDevnet({
        port: options.port,
        host: options.host,
        instant: false,
        blockTimeMs: 1000,
        stateFile: START_DEVNET_STATE_FILE,
        requireAccountMapping: true,
      });
    });
}
