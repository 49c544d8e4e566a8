import type { ApiPromise } from '@polkadot/api';
import type { WalletContractAddresses } from './contract-gateway';
import {
  DEMO_AMOUNTS,
  DEMO_MODEL_REF,
  demoCast,
  demoIntent,
  demoReceiptDataRef,
  runDemoScenario,
  type DemoScenarioSummary,
} from './demo-scenario';
import type { WaitFor } from './send-and-wait';

export interface DemoTrafficLogger {
  info(message: string, fields: Record<string, unknown>): void;
  warn(message: string, fields: Record<string, unknown>): void;
}

export interface DemoTrafficRound {
  round: number;
  ok: boolean;
  jobId?: bigint;
  error?: unknown;
}

export interface DemoTrafficOptions {
  /** pause between the end of one round and the start of the next */
  intervalMs: number;
  signal: AbortSignal;
  /** the provider H160 each job is assigned to; default Charlie's mapped H160 */
  providerH160?: string;
  waitFor?: WaitFor;
  log?: DemoTrafficLogger;
  /** called after every round, failed or not */
  onRound?: (round: DemoTrafficRound) => void;
}

export interface DemoTrafficStats {
  rounds: number;
  failures: number;
}

const CONSOLE_LOGGER: DemoTrafficLogger = {
  info: (message, fields) =>
    console.log(JSON.stringify({ level: 'info', message, ...plain(fields) })),
  warn: (message, fields) =>
    console.warn(JSON.stringify({ level: 'warn', message, ...plain(fields) })),
};

/**
 * Lighter demo rounds until `signal` aborts: Bob submits a job, funds its escrow and assigns the
 * provider, sends its confidential twin, and Eve submits one intent. A failed round is logged and
 * the next one starts after the interval; the returned promise resolves with counts once aborted.
 */
export async function runDemoTraffic(
  api: ApiPromise,
  addresses: WalletContractAddresses,
  options: DemoTrafficOptions,
): Promise<DemoTrafficStats> {
  const log = options.log ?? CONSOLE_LOGGER;
  const { bob, charlie, eve } = demoCast(api, addresses, { waitFor: options.waitFor });
  const providerH160 = options.providerH160 ?? charlie.h160;
  const stats: DemoTrafficStats = { rounds: 0, failures: 0 };
  while (!options.signal.aborted) {
    const round = stats.rounds + 1;
    let outcome: DemoTrafficRound;
    try {
      await bob.ensureMapped();
      const job = await bob.submitJob({
        modelRef: DEMO_MODEL_REF,
        dataRef: demoReceiptDataRef(),
        deadlineBlocks: 1000,
        privacyRequired: round % 2 === 0,
        budgetPlanck: DEMO_AMOUNTS.budgetPlanck,
      });
      await bob.depositForJob(job.id, providerH160, DEMO_AMOUNTS.escrowPlanck);
      await bob.assignProvider(job.id, providerH160);
      await bob.submitConfidentialJob({
        jobId: job.id,
        model: DEMO_MODEL_REF,
        data: demoReceiptDataRef(),
      });
      await eve.submitIntent(demoIntent(round));
      outcome = { round, ok: true, jobId: job.id };
      log.info('demo traffic round done', { round, jobId: job.id });
    } catch (err) {
      stats.failures++;
      outcome = { round, ok: false, error: err };
      log.warn('demo traffic round failed', { round, err });
    }
    stats.rounds = round;
    options.onRound?.(outcome);
    await pause(options.intervalMs, options.signal);
  }
  return stats;
}

export interface DemoPlayOptions extends DemoTrafficOptions {
  /** called once the full story is on-chain */
  onStory?: (summary: DemoScenarioSummary) => void;
}

export interface DemoPlayStats extends DemoTrafficStats {
  /** the full story's summary; null when aborted before it succeeded */
  story: DemoScenarioSummary | null;
}

/**
 * What `npm start` plays on its devnet: the full story once (provider, job, data NFT and grant,
 * confidential job, intents; retried every interval until it succeeds), so every page of the web
 * frontend has data from the first minute, then a traffic round every interval until aborted. On a
 * chain that has the story's provider, NFT and grant already, they are not sent again.
 */
export async function playDemo(
  api: ApiPromise,
  addresses: WalletContractAddresses,
  options: DemoPlayOptions,
): Promise<DemoPlayStats> {
  const log = options.log ?? CONSOLE_LOGGER;
  let story: DemoScenarioSummary | null = null;
  while (story === null && !options.signal.aborted) {
    try {
      story = await runDemoScenario(api, addresses, {
        providerH160: options.providerH160,
        waitFor: options.waitFor,
      });
      log.info('demo story done', {
        jobId: story.jobId,
        providerRegistered: story.providerRegistered,
        nftTokenId: story.nftTokenId,
        confidentialJobId: story.confidentialJobId,
        intents: story.intentIds.length,
      });
      options.onStory?.(story);
    } catch (err) {
      log.warn('demo story failed; retrying', { err });
    }
    await pause(options.intervalMs, options.signal);
  }
  const traffic = options.signal.aborted
    ? { rounds: 0, failures: 0 }
    : await runDemoTraffic(api, addresses, options);
  return { ...traffic, story };
}

/** Resolves after `ms`, or at once when `signal` aborts. */
function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) {
      resolve();
      return;
    }
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}

function plain(fields: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(fields).map(([key, value]) => [
      key,
      typeof value === 'bigint' ? value.toString() : value instanceof Error ? value.message : value,
    ]),
  );
}
