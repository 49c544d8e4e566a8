import type { Command } from 'commander';
import { ConfigError } from '../src/config';
import { runService } from './run-service';

const SHUTDOWN_SIGNALS: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM'];

/**
 * `polkamesh start`: the service (storage, chain client, chain follower). With no RPC_URL it starts
 * the bundled devnet with demo traffic, offline. Configuration comes from the environment only.
 */
export function registerStartCommand(program: Command): void {
  program
    .command('start')
    .description(
      'start the PolkaMesh service (with the bundled devnet and demo traffic when RPC_URL is unset)',
    )
    .action(async () => {
      try {
        await runService({
          write: (text) => process.stdout.write(text),
          isTty: process.stdout.isTTY,
          shutdownSignal: () =>
            new Promise((resolve) => {
              for (const signal of SHUTDOWN_SIGNALS) {
                process.once(signal, () => resolve(signal));
              }
            }),
        });
        // Every part stopped, but work a part let go of within the drain (a transaction step still
        // waiting on an endpoint that stopped answering; the outbox resumes it) may hold a timer
        // or socket for minutes yet: the stop is done, so exit now.
        process.exit();
      } catch (err) {
        if (err instanceof ConfigError) {
          process.stderr.write(`${err.message}\n`);
          process.exitCode = 2;
          return;
        }
        // What had started is stopped, but a step cut short by a signal (a database that never
        // answers) may still hold a socket: exit now rather than wait for it.
        process.stderr.write(`polkamesh: ${err instanceof Error ? err.message : String(err)}\n`);
        process.exit(1);
      }
    });
}
