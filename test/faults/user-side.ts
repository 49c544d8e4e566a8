import type { ApiPromise } from '@polkadot/api';
import { encodeBase64JsonPayload } from '../../src/confidential';
import { sendAndWait, type UserWallet } from '../../src/demo';
import { escrowOf, pauseUnless, type SubmittedJob } from './job-traffic';
import type { ServiceHttp } from './service-http';
import { timed, withWallet } from './wallet-lock';

/** MEV intents from one trader: mostly fillable at the configured 3/2 DOT:USDT price. */
export class IntentTraffic {
  readonly intents: { id: bigint; form: 'fillable' | 'greedy' | 'garbage' }[] = [];
  private stopped = true;
  private loop: Promise<void> = Promise.resolve();

  constructor(
    private readonly trader: UserWallet,
    private readonly random: () => number,
    private readonly intervalMs: number,
    private readonly log: (line: string) => void,
  ) {}

  start(): void {
    this.stopped = false;
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.loop;
  }

  private async run(): Promise<void> {
    while (!this.stopped) {
      const roll = this.random();
      const form = roll < 0.8 ? 'fillable' : roll < 0.9 ? 'greedy' : 'garbage';
      const amountIn = 100n + BigInt(Math.floor(this.random() * 100));
      const fair = (amountIn * 3n) / 2n;
      const minOutput =
        form === 'greedy' ? fair + 1n : fair - BigInt(Math.floor(this.random() * 10));
      const encryptedIntent =
        form === 'garbage'
          ? Buffer.from('{"amountIn": "lots"', 'utf8').toString('base64')
          : encodeBase64JsonPayload({
              amountIn: amountIn.toString(),
              tokenIn: 'DOT',
              tokenOut: 'USDT',
              minOutput: minOutput.toString(),
            });
      try {
        const { id } = await timed(
          this.trader.submitIntent({
            encryptedIntent,
            tokenIn: 'DOT',
            tokenOut: 'USDT',
            minOutput,
          }),
          90_000,
          'submit_intent',
        );
        this.intents.push({ id, form });
      } catch (err) {
        this.log(`traffic: intent: ${(err as Error).message}`);
      }
      await pauseUnless(() => this.stopped, this.intervalMs * (0.5 + this.random()));
    }
  }
}

interface SettlementBody {
  action: 'release' | 'refund' | null;
  call: { extrinsic: { ok: boolean; callHex?: string } } | null;
}

/**
 * The depositors' side of user-signed escrows: each asks the service what to sign
 * (GET /jobs/:id/settlement), checks the escrow on-chain, and signs the prepared call.
 */
export class UserSettler {
  readonly settled = new Map<bigint, 'release' | 'refund' | 'already'>();
  /** Jobs whose last look found nothing to sign yet (e.g. a refund before the deadline). */
  private readonly waiting = new Set<bigint>();
  private stopped = true;
  private loop: Promise<void> = Promise.resolve();

  constructor(
    private readonly api: ApiPromise,
    private readonly jobs: () => readonly SubmittedJob[],
    private readonly wallets: ReadonlyMap<string, UserWallet>,
    private readonly http: ServiceHttp,
    private readonly apiUrl: () => string | null,
    private readonly log: (line: string) => void,
  ) {}

  start(): void {
    this.stopped = false;
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.loop;
  }

  /** User escrows not released or refunded yet (as far as this settler knows). */
  pending(): SubmittedJob[] {
    return this.jobs().filter((job) => job.escrow === 'user' && !this.settled.has(job.id));
  }

  /** Pending escrows with something to sign now, or not looked at since their last change. */
  actionable(): SubmittedJob[] {
    return this.pending().filter((job) => !this.waiting.has(job.id));
  }

  private async run(): Promise<void> {
    while (!this.stopped) {
      for (const job of this.pending()) {
        if (this.stopped) {
          return;
        }
        try {
          await this.settle(job);
        } catch (err) {
          this.log(`settler: job ${job.id}: ${(err as Error).message}`);
        }
      }
      await pauseUnless(() => this.stopped, 1_000);
    }
  }

  private async settle(job: SubmittedJob): Promise<void> {
    const url = this.apiUrl();
    const wallet = this.wallets.get(job.owner);
    if (url === null || wallet === undefined) {
      return;
    }
    // the chain first: a settlement whose outcome was lost (a dropped connection) still landed,
    // and then the service has no action left to offer
    const escrow = await escrowOf(wallet, job.id);
    if (escrow?.released === true || escrow?.refunded === true) {
      this.settled.set(job.id, 'already');
      return;
    }
    const answer = await this.http.get(url, `/jobs/${job.id}/settlement`);
    if (escrow === null || answer === null || answer.status !== 200) {
      this.waiting.delete(job.id);
      return;
    }
    const body = answer.json<SettlementBody>();
    const callHex = body.call?.extrinsic.callHex;
    if (body.action === null || callHex === undefined) {
      this.waiting.add(job.id);
      return;
    }
    this.waiting.delete(job.id);
    const api = this.api;
    await withWallet(wallet.h160, () =>
      timed(
        sendAndWait(api, api.tx(api.createType('Call', callHex)), wallet.pair, 'finalized'),
        90_000,
        `${body.action} of job ${job.id}`,
      ),
    );
    this.settled.set(job.id, body.action);
  }
}
