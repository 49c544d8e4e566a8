import fc from 'fast-check';
import type { H160, ProviderProfile } from '../contracts/types';
import { providersFittingJob, quote, type FitOptions } from './providers-fitting-job';

function h160(n: number): H160 {
  return `0x${n.toString(16).padStart(40, '0')}`;
}

function profile(n: number, overrides: Partial<ProviderProfile> = {}): ProviderProfile {
  return {
    provider: h160(n),
    endpoint: `https://p${n}.example`,
    computeUnits: 8n,
    hourlyRate: 100n,
    registeredAt: 1n,
    isActive: true,
    stake: 1_000n,
    reputationScore: 100,
    ...overrides,
  };
}

const profileArb = fc
  .record({
    n: fc.integer({ min: 1, max: 1_000_000 }),
    hourlyRate: fc.bigInt({ min: 0n, max: 10n ** 20n }),
    isActive: fc.boolean(),
    stake: fc.bigInt({ min: 0n, max: 10n ** 12n }),
    reputationScore: fc.integer({ min: 0, max: 1_000 }),
  })
  .map(({ n, ...rest }) => profile(n, rest));

const providersArb = fc.uniqueArray(profileArb, { selector: (p) => p.provider, maxLength: 25 });
const optionsArb: fc.Arbitrary<FitOptions> = fc.record({
  minStake: fc.option(fc.bigInt({ min: 0n, max: 10n ** 12n }), { nil: null }),
  estimatedSeconds: fc.bigInt({ min: 1n, max: 10n ** 6n }),
});
const budgetArb = fc.bigInt({ min: 0n, max: 10n ** 24n });

/** Independent of the implementation's rounding: ceil(r·s/3600) ≤ b  ⇔  r·s ≤ b·3600. */
function isAffordable(p: ProviderProfile, budget: bigint, seconds: bigint): boolean {
  return p.hourlyRate * seconds <= budget * 3600n;
}

function fitsByDefinition(p: ProviderProfile, budget: bigint, options: FitOptions): boolean {
  return (
    p.isActive &&
    (options.minStake === null || p.stake >= options.minStake) &&
    isAffordable(p, budget, options.estimatedSeconds)
  );
}

describe('providersFittingJob', () => {
  it('ranks by reputation, then price, and says why the others do not fit', () => {
    const providers = [
      profile(1, { reputationScore: 100, hourlyRate: 300n }),
      profile(2, { reputationScore: 150, hourlyRate: 500n }),
      profile(3, { reputationScore: 100, hourlyRate: 200n }),
      profile(4, { isActive: false }),
      profile(5, { stake: 10n, hourlyRate: 5_000n }),
    ];
    const result = providersFittingJob({ budget: 1_000n }, providers, {
      minStake: 500n,
      estimatedSeconds: 7_200n,
    });
    expect(result.fits.map((f) => [f.profile.provider, f.estimatedCost])).toEqual([
      [h160(2), 1_000n],
      [h160(3), 400n],
      [h160(1), 600n],
    ]);
    expect(result.excluded).toEqual([
      {
        provider: h160(4),
        estimatedCost: 200n,
        reasons: [expect.objectContaining({ code: 'INACTIVE' })],
      },
      {
        provider: h160(5),
        estimatedCost: 10_000n,
        reasons: [
          { code: 'STAKE_BELOW_MIN', message: "stake 10 is below the registry's min_stake 500" },
          expect.objectContaining({ code: 'OVER_BUDGET' }),
        ],
      },
    ]);
  });

  it('rounds a part of an hour up', () => {
    expect(quote(3_600n, 1n)).toBe(1n);
    expect(quote(3_601n, 1n)).toBe(2n);
    expect(quote(7n, 0n)).toBe(0n);
  });

  it('puts every provider in exactly one of fits and excluded', () => {
    fc.assert(
      fc.property(providersArb, budgetArb, optionsArb, (providers, budget, options) => {
        const { fits, excluded } = providersFittingJob({ budget }, providers, options);
        const seen = [...fits.map((f) => f.profile.provider), ...excluded.map((e) => e.provider)];
        expect([...seen].sort()).toEqual(providers.map((p) => p.provider).sort());
      }),
    );
  });

  it('fits exactly the active, staked, affordable providers', () => {
    fc.assert(
      fc.property(providersArb, budgetArb, optionsArb, (providers, budget, options) => {
        const { fits } = providersFittingJob({ budget }, providers, options);
        const fitting = new Set(fits.map((f) => f.profile.provider));
        for (const p of providers) {
          expect(fitting.has(p.provider)).toBe(fitsByDefinition(p, budget, options));
        }
      }),
    );
  });

  it('gives each excluded provider a reason per failed criterion, and no other', () => {
    fc.assert(
      fc.property(providersArb, budgetArb, optionsArb, (providers, budget, options) => {
        const { excluded } = providersFittingJob({ budget }, providers, options);
        const byAddress = new Map(providers.map((p) => [p.provider, p]));
        for (const e of excluded) {
          const p = byAddress.get(e.provider)!;
          const expected = [
            ...(p.isActive ? [] : ['INACTIVE']),
            ...(options.minStake !== null && p.stake < options.minStake ? ['STAKE_BELOW_MIN'] : []),
            ...(isAffordable(p, budget, options.estimatedSeconds) ? [] : ['OVER_BUDGET']),
          ];
          expect(e.reasons.map((r) => r.code)).toEqual(expected);
          expect(expected.length).toBeGreaterThan(0);
        }
      }),
    );
  });

  it('orders fits by reputation (high first), then by quote (low first)', () => {
    fc.assert(
      fc.property(providersArb, budgetArb, optionsArb, (providers, budget, options) => {
        const { fits } = providersFittingJob({ budget }, providers, options);
        for (let i = 1; i < fits.length; i++) {
          const [a, b] = [fits[i - 1]!, fits[i]!];
          expect(a.profile.reputationScore).toBeGreaterThanOrEqual(b.profile.reputationScore);
          if (a.profile.reputationScore === b.profile.reputationScore) {
            expect(a.estimatedCost <= b.estimatedCost).toBe(true);
          }
        }
      }),
    );
  });

  it('quotes the rate for the estimated time, rounded up to a whole unit', () => {
    fc.assert(
      fc.property(providersArb, budgetArb, optionsArb, (providers, budget, options) => {
        const { fits, excluded } = providersFittingJob({ budget }, providers, options);
        const rates = new Map(providers.map((p) => [p.provider, p.hourlyRate]));
        const quoted = [
          ...fits.map((f) => [f.profile.provider, f.estimatedCost] as const),
          ...excluded.map((e) => [e.provider, e.estimatedCost] as const),
        ];
        for (const [provider, cost] of quoted) {
          const exact = rates.get(provider)! * options.estimatedSeconds;
          expect(cost * 3600n >= exact && (cost - 1n) * 3600n < exact).toBe(true);
        }
      }),
    );
  });

  it('never drops a fitting provider when the budget grows', () => {
    fc.assert(
      fc.property(
        providersArb,
        budgetArb,
        fc.bigInt({ min: 0n, max: 10n ** 20n }),
        optionsArb,
        (providers, budget, extra, options) => {
          const before = providersFittingJob({ budget }, providers, options).fits;
          const after = new Set(
            providersFittingJob({ budget: budget + extra }, providers, options).fits.map(
              (f) => f.profile.provider,
            ),
          );
          expect(before.every((f) => after.has(f.profile.provider))).toBe(true);
        },
      ),
    );
  });
});
