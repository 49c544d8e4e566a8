import { Option, type Command } from 'commander';
import { defaultContractAddresses } from '../devnet/devnet';
import {
  runDemoScenario,
  runDemoTraffic,
  type DemoScenarioSummary,
  type DemoTrafficRound,
} from '../src/demo';
import { integerOption } from './cli-options';
import { connectRpc, DEFAULT_RPC_URL, disconnectRpc, parseRpcUrl } from './rpc-connection';

export interface DemoCliOptions {
  rpc: string;
  interval: number;
  once?: boolean;
}

export interface DemoIo {
  write(text: string): void;
  /** resolves on the first SIGINT or SIGTERM */
  shutdownSignal(): Promise<NodeJS.Signals>;
}

const SHUTDOWN_SIGNALS: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM'];
export const DEFAULT_DEMO_INTERVAL_MS = 15_000;
const parseInterval = integerOption('interval (ms)', 0, 86_400_000);

/**
 * Plays the demo's user stories on a running chain with the dev accounts: the full story once
 * (provider, job + escrow + assignment, data NFT + grant, confidential twin, intents), then, unless
 * `once`, a lighter round every `interval` ms until SIGINT/SIGTERM.
 */
export async function runDemo(options: DemoCliOptions, io: DemoIo): Promise<void> {
  const api = await connectRpc(options.rpc);
  const stop = new AbortController();
  try {
    const addresses = defaultContractAddresses();
    const summary = await runDemoScenario(api, addresses);
    io.write(formatScenarioSummary(summary));
    if (options.once === true) {
      return;
    }
    void io.shutdownSignal().then(() => stop.abort());
    io.write(`demo traffic: one round every ${options.interval} ms; press Ctrl+C to stop\n`);
    const stats = await runDemoTraffic(api, addresses, {
      intervalMs: options.interval,
      signal: stop.signal,
      log: { info: () => undefined, warn: () => undefined },
      onRound: (round) => io.write(formatRound(round)),
    });
    io.write(`demo stopped after ${stats.rounds} rounds (${stats.failures} failed)\n`);
  } finally {
    stop.abort();
    await disconnectRpc(api);
  }
}

export function formatScenarioSummary(summary: DemoScenarioSummary): string {
  return [
    `user ${summary.user.ss58} (${summary.user.h160})`,
    `provider ${summary.providerH160}${summary.providerRegistered ? ' registered' : ' (already registered)'}`,
    `job ${summary.jobId} submitted, escrow deposited, assigned to ${summary.providerH160}`,
    `data NFT ${summary.nftTokenId} ${summary.nftMinted ? 'minted' : '(already minted)'}, access granted to ${summary.user.h160}`,
    `confidential job ${summary.confidentialJobId} submitted`,
    `intents ${summary.intentIds.join(', ')} submitted`,
    '',
  ].join('\n');
}

export function formatRound(round: DemoTrafficRound): string {
  if (round.ok) {
    return `round ${round.round}: job ${round.jobId} submitted, funded and assigned\n`;
  }
  const reason = round.error instanceof Error ? round.error.message : String(round.error);
  return `round ${round.round} failed: ${reason}\n`;
}

/** `polkamesh demo`: the demo user stories against a running chain (default: the local devnet). */
export function registerDemoCommand(program: Command): void {
  program
    .command('demo')
    .description('play the demo user stories on a running chain with the dev accounts')
    .addOption(
      new Option('--rpc <url>', 'chain endpoint').argParser(parseRpcUrl).default(DEFAULT_RPC_URL),
    )
    .addOption(
      new Option('--interval <ms>', 'pause between traffic rounds')
        .argParser(parseInterval)
        .default(DEFAULT_DEMO_INTERVAL_MS),
    )
    .option('--once', 'play the full story once and exit')
    .action(async (options: DemoCliOptions) => {
      await runDemo(options, {
        write: (text) => process.stdout.write(text),
        shutdownSignal: () =>
          new Promise((resolve) => {
            for (const signal of SHUTDOWN_SIGNALS) {
              process.once(signal, () => resolve(signal));
            }
          }),
      });
    });
}
