import { WalletRefusedError, type UserWallet } from '../../src/demo';
import { formatServicePublicKey } from '../../src/confidential';
import { retry } from './devnet-control';
import { waitFor } from '../support/wait-for';
import { timed, withWallet } from './wallet-lock';

/** How long one wallet action may take to be finalized before the user gives up on it. */
const ACTION_TIMEOUT_MS = 90_000;
import {
  BAD_JOB_KINDS,
  planJob,
  type BadJobKind,
  type GoodJobKind,
  type JobContext,
  type JobKind,
} from './job-kinds';

const PAS = 10_000_000_000n;

/** One job a harness user put on-chain. */
export interface SubmittedJob {
  readonly id: bigint;
  readonly kind: JobKind;
  readonly phase: string;
  readonly owner: string;
  readonly escrow: 'user' | 'none';
  /** phala_job_processor id of the payload the owner sent (private kinds) */
  readonly cid: bigint | null;
  readonly ownerCancelled: boolean;
}

export interface TrafficTarget {
  readonly phase: string;
  /** the provider H160 every job is assigned to */
  readonly workerH160: string;
  readonly context: JobContext;
  /** blocks from submission to the job's deadline */
  readonly deadlineBlocks: number;
}

export interface TrafficTally {
  submitted: number;
  /** chain faults made a step fail; retried */
  retriedSteps: number;
  /** a dry run refused (the chain itself rejects the input), by kind */
  refusedByChain: Record<string, string>;
  /** a step failed for good; the job is left as the chain has it */
  abandoned: string[];
}

const GOOD_WEIGHTS: readonly [GoodJobKind, number][] = [
  ['affine', 60],
  ['ocr', 8],
  ['private-sealed', 12],
  ['private-base64', 8],
  ['owner-cancels', 6],
];

/**
 * Users putting jobs on-chain with the original ABIs, each through its own wallet and loop:
 * submit, the confidential payload (private jobs), the escrow deposit (about half), the
 * assignment to the worker, and sometimes the owner's own cancel. Pacing keeps the rate near
 * `jobsPerMinute`; it is traffic shaping, not synchronisation.
 */
/** How many more times a bad-input kind whose submission failed is sent again. */
const BAD_KIND_RETRIES = 3;

export class JobTraffic {
  readonly jobs: SubmittedJob[] = [];
  readonly tally: TrafficTally = {
    submitted: 0,
    retriedSteps: 0,
    refusedByChain: {},
    abandoned: [],
  };
  private target: TrafficTarget | null = null;
  private stopped = true;
  private loops: Promise<void>[] = [];

  constructor(
    private readonly goodUsers: readonly UserWallet[],
    private readonly badUsers: readonly UserWallet[],
    private readonly random: () => number,
    private readonly jobsPerMinute: number,
    /** pause between one bad user's jobs */
    private readonly badIntervalMs: number,
    private readonly log: (line: string) => void,
    /** whether the wallets' chain connection is up: a failed job waits for it before the next */
    private readonly connected: () => boolean = () => true,
  ) {}

  /** Starts the loops against `target`; `badKinds` are submitted once each, then again in turn. */
  start(target: TrafficTarget, options: { readonly badRounds: number }): void {
    this.target = target;
    this.stopped = false;
    const goodInterval = (60_000 / this.jobsPerMinute) * this.goodUsers.length;
    this.loops = [
      ...this.goodUsers.map((user) =>
        this.loop(user, goodInterval, () => pickWeighted(GOOD_WEIGHTS, this.random)),
      ),
      ...this.badUsers.map((user, i) => {
        // each bad user walks its share of the bad kinds, `badRounds` times
        const kinds = BAD_JOB_KINDS.filter((_, k) => k % this.badUsers.length === i);
        const queue: BadJobKind[] = Array.from({ length: options.badRounds }, () => kinds).flat();
        // a kind whose submission failed (a dropped connection) goes again, a few times at most
        const retries = new Map<JobKind, number>();
        const again = (kind: JobKind) => {
          const tries = (retries.get(kind) ?? 0) + 1;
          retries.set(kind, tries);
          if (tries <= BAD_KIND_RETRIES) {
            queue.unshift(kind as BadJobKind);
          }
        };
        return this.loop(user, this.badIntervalMs, () => queue.shift() ?? null, again);
      }),
    ];
  }

  /** Stops after the jobs in flight are on-chain. */
  async stop(): Promise<void> {
    this.stopped = true;
    await Promise.all(this.loops);
    this.loops = [];
  }

  /** Bad kinds not yet submitted this phase (the reduced run waits for them). */
  badKindsSubmitted(phase: string): Set<JobKind> {
    return new Set(
      this.jobs
        .filter(
          (job) => job.phase === phase && (BAD_JOB_KINDS as readonly string[]).includes(job.kind),
        )
        .map((job) => job.kind),
    );
  }

  private async loop(
    user: UserWallet,
    intervalMs: number,
    next: () => JobKind | null,
    failed: (kind: JobKind) => void = () => undefined,
  ): Promise<void> {
    while (!this.stopped) {
      const kind = next();
      if (kind === null) {
        return;
      }
      const began = Date.now();
      try {
        await withWallet(user.h160, () => this.submit(user, kind));
      } catch (err) {
        this.log(`traffic: ${kind} by ${user.h160}: ${(err as Error).message}`);
        failed(kind);
        await waitFor(
          () => this.stopped || this.connected(),
          60_000,
          'the wallets connection',
          50,
        ).catch(() => undefined);
      }
      const rest = intervalMs * (0.5 + this.random()) - (Date.now() - began);
      await pauseUnless(() => this.stopped, Math.max(0, rest));
    }
  }

  private async submit(user: UserWallet, kind: JobKind): Promise<void> {
    const target = this.target!;
    const plan = planJob(kind, target.context, this.random);
    const escrow: 'user' | 'none' = this.random() < 0.5 ? 'user' : 'none';
    let submitted: bigint;
    try {
      submitted = (
        await timed(
          user.submitJob({
            modelRef: plan.modelRef,
            dataRef: plan.dataRef,
            privacyRequired: plan.privacy,
            budgetPlanck: PAS / 10n,
            deadlineBlocks: target.deadlineBlocks,
          }),
          ACTION_TIMEOUT_MS,
          'submit_job',
        )
      ).id;
    } catch (err) {
      if (err instanceof WalletRefusedError) {
        this.tally.refusedByChain[kind] = err.reason;
        return;
      }
      throw err;
    }
    this.tally.submitted++;
    const id = submitted;
    let cid: bigint | null = null;
    const step = async (what: string, work: () => Promise<unknown>) => {
      try {
        await retry(async () => {
          try {
            await timed(work(), ACTION_TIMEOUT_MS, what);
          } catch (err) {
            this.tally.retriedSteps++;
            throw err;
          }
        }, 4);
      } catch (err) {
        this.tally.abandoned.push(`job ${id} ${kind}: ${what}: ${(err as Error).message}`);
        throw err;
      }
    };
    if (plan.payload !== undefined) {
      const payload = plan.payload(id);
      const publicKey =
        kind === 'private-sealed'
          ? formatServicePublicKey(target.context.confidentialKey)
          : user.address;
      await step('payload', async () => {
        cid = (await user.submitConfidentialPayload(payload, publicKey)).id;
      });
    }
    if (escrow === 'user') {
      await step('deposit', async () => {
        if ((await escrowOf(user, id)) === null) {
          await user.depositForJob(id, target.workerH160, PAS / 10n);
        }
      });
    }
    await step('assign', async () => {
      const status = await jobStatus(user, id);
      if (status === 'Registered' || status === 'unreadable') {
        await user.assignProvider(id, target.workerH160);
      }
    });
    if (plan.ownerCancels === true) {
      await step('cancel', async () => {
        if ((await jobStatus(user, id)) !== 'Cancelled') {
          await user.cancelJob(id);
        }
      });
    }
    if ((BAD_JOB_KINDS as readonly string[]).includes(kind)) {
      this.log(`traffic: bad input ${kind} is job ${id}`);
    }
    this.jobs.push({
      id,
      kind,
      phase: target.phase,
      owner: user.h160,
      escrow,
      cid,
      ownerCancelled: plan.ownerCancels === true,
    });
  }
}

/**
 * get_job's status, or 'unreadable' when Polkadot.js cannot decode the job (it refuses a String
 * longer than 128 KiB, which an oversized reference is).
 */
export async function jobStatus(user: UserWallet, id: bigint): Promise<string | null> {
  let job: { status?: string } | null;
  try {
    job = (await user.read('aiJobQueue', 'getJob', id)).toJSON() as { status?: string } | null;
  } catch (err) {
    if (/exceeds \d+/.test((err as Error).message)) {
      return 'unreadable';
    }
    throw err;
  }
  return job?.status ?? null;
}

export interface EscrowState {
  owner: string;
  released: boolean;
  refunded: boolean;
}

export async function escrowOf(user: UserWallet, id: bigint): Promise<EscrowState | null> {
  const escrow = (await user.read('paymentEscrow', 'getEscrow', id)).toJSON() as {
    owner: string;
    released: boolean;
    refunded: boolean;
  } | null;
  return escrow === null
    ? null
    : { owner: escrow.owner.toLowerCase(), released: escrow.released, refunded: escrow.refunded };
}

function pickWeighted<T>(weights: readonly [T, number][], random: () => number): T {
  const total = weights.reduce((sum, [, w]) => sum + w, 0);
  let roll = random() * total;
  for (const [value, weight] of weights) {
    roll -= weight;
    if (roll < 0) {
      return value;
    }
  }
  return weights[weights.length - 1]![0];
}

/** Waits `ms`, checking `stop` every 200 ms (pacing between user actions, not synchronisation). */
export async function pauseUnless(stop: () => boolean, ms: number): Promise<void> {
  const until = Date.now() + ms;
  while (!stop() && Date.now() < until) {
    await new Promise((done) => setTimeout(done, Math.min(200, until - Date.now())));
  }
}
