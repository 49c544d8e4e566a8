#!/usr/bin/env node
import { CommanderError } from 'commander';
import { USAGE_EXIT_CODE } from './cli-options';
import { buildProgram } from './program';

const VERSION = '0.1.0';

/** Runs the CLI; resolves to the process exit status. */
export async function main(argv: readonly string[]): Promise<number> {
  const program = buildProgram(VERSION);
  try {
    process.exitCode = undefined;
    await program.parseAsync([...argv]);
    // an action may have set its own status (e.g. 2 for invalid configuration)
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (err) {
    if (err instanceof CommanderError) {
      // commander has already printed the message (or the help/version text)
      return err.exitCode === 0 ? 0 : USAGE_EXIT_CODE;
    }
    process.stderr.write(`polkamesh: ${err instanceof Error ? err.message : String(err)}\n`);
    return 1;
  }
}

if (require.main === module) {
  void main(process.argv).then((code) => {
    process.exitCode = code;
  });
}
