import { Command } from 'commander';
import { registerDevnetCommand } from './devnet-command';
import { registerStartCommand } from './start-command';
import { registerVerifyAttestationCommand } from './verify-attestation-command';
import { registerDemoCommand } from './demo-command';
import { registerSubmitJobCommand } from './submit-job-command';
import { registerStatusCommand } from './status-command';
import { registerTokenCommand } from './token-command';

/**
 * The `polkamesh` command tree. Usage errors throw a CommanderError (exitOverride) after commander
 * has printed the message, so `main` picks the exit status.
 */
export function buildProgram(version: string): Command {
  const program = new Command('polkamesh')
    .description('PolkaMesh backend: the service and its local devnet')
    .version(version)
    .exitOverride()
    .showHelpAfterError('(add --help for usage)');
  registerDevnetCommand(program);
  registerStartCommand(program);
  registerVerifyAttestationCommand(program);
  registerDemoCommand(program);
  registerSubmitJobCommand(program);
  registerStatusCommand(program);
  registerTokenCommand(program);
  return program;
}
