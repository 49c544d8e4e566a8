import type { H160, ProviderProfile } from '../contracts';

const SECONDS_PER_HOUR = 3_600n;

/** What the fit needs of a queue job. */
export interface JobToFit {
  /** Contract units (planck × 1e8), as `Job.budget`. */
  readonly budget: bigint;
}

export interface FitOptions {
  /** The registry's `min_stake` (contract units); null when unknown (the stake is not checked). */
  readonly minStake: bigint | null;
  /** How long the job is expected to run; the quote is `hourly_rate × seconds / 3600`, rounded up. */
  readonly estimatedSeconds: bigint;
}

export type MismatchCode = 'INACTIVE' | 'STAKE_BELOW_MIN' | 'OVER_BUDGET';

export interface Mismatch {
  readonly code: MismatchCode;
  readonly message: string;
}

export interface ProviderFit {
  readonly profile: ProviderProfile;
  /** `hourly_rate × estimatedSeconds / 3600`, rounded up, in the rate's unit. */
  readonly estimatedCost: bigint;
}

export interface ProviderExclusion {
  readonly provider: H160;
  readonly estimatedCost: bigint;
  /** At least one. */
  readonly reasons: readonly Mismatch[];
}

export interface FitResult {
  /** Best first: higher reputation, then cheaper, then by H160. */
  readonly fits: readonly ProviderFit[];
  /** By H160. */
  readonly excluded: readonly ProviderExclusion[];
}

/**
 * Which registered providers fit a job (spec §9.3 A.3: ranked off-chain by `is_active`,
 * `reputation_score` and `hourly_rate`). A provider fits when it is active, its stake is at least
 * the registry's min_stake, and its quote for the estimated run time is within the job's budget.
 *
 * Unit caveat (§2.2, §5.2): the registry stores `hourly_rate` in whatever unit its provider chose;
 * the budget is in contract units. This compares them as if the rate were contract units per hour
 * (the convention of this service and the demo); a provider quoting in another unit is misjudged.
 */
export function providersFittingJob(
  job: JobToFit,
  providers: readonly ProviderProfile[],
  options: FitOptions,
): FitResult {
  const fits: ProviderFit[] = [];
  const excluded: ProviderExclusion[] = [];
  for (const profile of providers) {
    const estimatedCost = quote(profile.hourlyRate, options.estimatedSeconds);
    const reasons = mismatches(profile, estimatedCost, job, options);
    if (reasons.length === 0) {
      fits.push({ profile, estimatedCost });
    } else {
      excluded.push({ provider: profile.provider, estimatedCost, reasons });
    }
  }
  fits.sort(
    (a, b) =>
      b.profile.reputationScore - a.profile.reputationScore ||
      compare(a.estimatedCost, b.estimatedCost) ||
      compare(a.profile.provider, b.profile.provider),
  );
  excluded.sort((a, b) => compare(a.provider, b.provider));
  return { fits, excluded };
}

/** `rate × seconds / 3600`, rounded up. */
export function quote(hourlyRate: bigint, seconds: bigint): bigint {
  return (hourlyRate * seconds + SECONDS_PER_HOUR - 1n) / SECONDS_PER_HOUR;
}

function mismatches(
  profile: ProviderProfile,
  estimatedCost: bigint,
  job: JobToFit,
  options: FitOptions,
): Mismatch[] {
  const reasons: Mismatch[] = [];
  if (!profile.isActive) {
    reasons.push({ code: 'INACTIVE', message: 'the provider is inactive' });
  }
  if (options.minStake !== null && profile.stake < options.minStake) {
    reasons.push({
      code: 'STAKE_BELOW_MIN',
      message: `stake ${profile.stake} is below the registry's min_stake ${options.minStake}`,
    });
  }
  if (estimatedCost > job.budget) {
    reasons.push({
      code: 'OVER_BUDGET',
      message: `estimated cost ${estimatedCost} (rate ${profile.hourlyRate}/h × ${options.estimatedSeconds} s) exceeds the budget ${job.budget}`,
    });
  }
  return reasons;
}

function compare<T extends bigint | string>(a: T, b: T): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
