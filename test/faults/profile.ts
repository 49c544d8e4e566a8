/**
 * How big a fault run is. `full` is what `npm run test:faults` runs (the acceptance run: at least
 * 200 kills, every fault kind several times); `reduced` is the few-minute run inside `npm test`.
 * Every number here is a count or a bound, never a pause used as synchronisation.
 */
export interface FaultProfile {
  readonly name: 'full' | 'reduced';
  /** Devnet block interval, and the service's BLOCK_TIME_MS (its stall detector: 10 blocks). */
  readonly blockTimeMs: number;
  /** Devnet finality lag: reorgs of depth 1..3 need at least 3. */
  readonly finalityLag: number;
  /** The SQLite deployment (one instance, SQLite file on a small tmpfs, user-signed escrows). */
  readonly sqlite: PhasePlan;
  /** The PostgreSQL deployment (two instances, custodial escrows). */
  readonly postgres: PhasePlan;
  /** Jobs (all kinds together) the wallets submit per minute, roughly. */
  readonly jobsPerMinute: number;
  /** Pause between one bad-input user's jobs (three such users). */
  readonly badIntervalMs: number;
  /** Blocks between a job's submission and its deadline. */
  readonly deadlineBlocks: number;
  /** The service's SETTLEMENT_GRACE_BLOCKS. */
  readonly graceBlocks: number;
  /** A kill lands this long after the instance said it runs: uniform in [min, max] ms. */
  readonly killDelayMs: readonly [number, number];
  /** How long a disk-full, lagging or garbage endpoint lasts: uniform in [min, max] ms. */
  readonly faultHoldMs: readonly [number, number];
  /** After the last fault: how long the jobs may take to end before the judge reads (bound). */
  readonly settleTimeoutMs: number;
  /** After a fault: how long the service may take to be ready and caught up again (bound). */
  readonly recoveryTimeoutMs: number;
}

/** How many of each episode one phase runs, in an order drawn from the seed. */
export interface PhasePlan {
  readonly kills: number;
  readonly episodes: Readonly<Partial<Record<EpisodeKind, number>>>;
}

export const EPISODE_KINDS = [
  'kill',
  'sigterm-mid-attempt',
  'dropped-connections',
  'stall',
  'reorg',
  'rpc-lagging',
  'rpc-garbage',
  'disk-full',
  'postgres-restart',
  'leader-killed',
  'stale-leader',
  'undecodable-event',
] as const;
export type EpisodeKind = (typeof EPISODE_KINDS)[number];

export const FULL_PROFILE: FaultProfile = {
  name: 'full',
  blockTimeMs: 1000,
  finalityLag: 3,
  sqlite: {
    kills: 130,
    episodes: {
      'sigterm-mid-attempt': 6,
      'dropped-connections': 6,
      stall: 4,
      reorg: 9,
      'rpc-lagging': 4,
      'rpc-garbage': 4,
      'disk-full': 5,
      'undecodable-event': 3,
    },
  },
  postgres: {
    kills: 72,
    episodes: {
      'sigterm-mid-attempt': 3,
      'dropped-connections': 3,
      stall: 2,
      reorg: 6,
      'rpc-lagging': 2,
      'rpc-garbage': 2,
      'postgres-restart': 5,
      'leader-killed': 6,
      'stale-leader': 4,
      'undecodable-event': 2,
    },
  },
  jobsPerMinute: 8,
  badIntervalMs: 45_000,
  deadlineBlocks: 400,
  graceBlocks: 20,
  killDelayMs: [500, 12_000],
  faultHoldMs: [4_000, 12_000],
  settleTimeoutMs: 15 * 60_000,
  recoveryTimeoutMs: 180_000,
};

export const REDUCED_PROFILE: FaultProfile = {
  name: 'reduced',
  blockTimeMs: 500,
  finalityLag: 3,
  sqlite: {
    kills: 2,
    episodes: {
      'sigterm-mid-attempt': 1,
      'dropped-connections': 1,
      stall: 1,
      reorg: 1,
      'rpc-lagging': 1,
      'rpc-garbage': 1,
      'disk-full': 1,
      'undecodable-event': 1,
    },
  },
  postgres: {
    kills: 0,
    episodes: { 'postgres-restart': 1, 'leader-killed': 1, 'stale-leader': 1 },
  },
  jobsPerMinute: 10,
  badIntervalMs: 0,
  deadlineBlocks: 120,
  graceBlocks: 5,
  killDelayMs: [500, 4_000],
  faultHoldMs: [2_500, 4_000],
  settleTimeoutMs: 4 * 60_000,
  recoveryTimeoutMs: 90_000,
};

/** The number of kills a profile's phases add up to (leader kills included). */
export function plannedKills(profile: FaultProfile): number {
  return [profile.sqlite, profile.postgres].reduce(
    (sum, phase) => sum + phase.kills + (phase.episodes['leader-killed'] ?? 0),
    0,
  );
}
