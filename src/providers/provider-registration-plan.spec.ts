import fc from 'fast-check';
import type { H160, ProviderProfile } from '../contracts/types';
import { desiredProvider, type DesiredProvider } from './desired-provider';
import { planProviderStep, type ObservedProvider } from './provider-registration-plan';

const WORKER: H160 = '0x1111111111111111111111111111111111111111';
const PLANCK = 100_000_000n;

const DESIRED = desiredProvider(
  {
    endpoint: 'https://worker.example',
    computeUnits: 16n,
    hourlyRate: 2_000n,
    stakePlanck: 50n,
  },
  { endpoint: null, hourlyRate: null, active: null },
)!;

function registered(overrides: Partial<ProviderProfile> = {}, version = '10:0'): ObservedProvider {
  return {
    version,
    profile: {
      provider: WORKER,
      endpoint: DESIRED.endpoint,
      computeUnits: DESIRED.computeUnits,
      hourlyRate: DESIRED.hourlyRate,
      registeredAt: 1n,
      isActive: true,
      stake: 50n * PLANCK,
      reputationScore: 100,
      ...overrides,
    },
  };
}

const plan = (
  observed: ObservedProvider | null,
  desired: DesiredProvider = DESIRED,
  minStake: bigint | null = 500n,
) => planProviderStep(WORKER, 'worker', desired, observed, minStake);

describe('planProviderStep', () => {
  it('registers an unknown worker, sending the stake in planck', () => {
    const result = plan(null);
    expect(result).toMatchObject({
      kind: 'step',
      step: 'register',
      action: {
        contract: 'computeProviderRegistry',
        message: 'register_provider',
        args: { endpoint: 'https://worker.example', computeUnits: 16n, hourlyRate: 2_000n },
        value: 50n,
        signerRole: 'worker',
      },
    });
  });

  it('refuses to register below min_stake, naming both figures', () => {
    expect(plan(null, DESIRED, 50n * PLANCK + 1n)).toEqual({
      kind: 'blocked',
      reason:
        "PROVIDER_STAKE_PLANCK=50 (5000000000 contract units) is below the registry's min_stake " +
        'of 5000000001 contract units; raise the stake to register',
    });
  });

  it('does nothing when the profile is as desired', () => {
    expect(plan(registered())).toEqual({ kind: 'in-sync' });
  });

  it('updates a changed endpoint or rate', () => {
    for (const drift of [{ endpoint: 'http://old' }, { hourlyRate: 1n }]) {
      expect(plan(registered(drift))).toMatchObject({
        step: 'update',
        action: {
          message: 'update_provider',
          args: { endpoint: DESIRED.endpoint, hourlyRate: DESIRED.hourlyRate },
        },
      });
    }
  });

  it('tops the stake up by whole planck, rounding up', () => {
    expect(plan(registered({ stake: 50n * PLANCK - 1n }))).toMatchObject({
      step: 'add_stake',
      action: { message: 'add_stake', value: 1n },
    });
    expect(plan(registered({ stake: 7n * PLANCK }))).toMatchObject({
      action: { value: 43n },
    });
  });

  it('re-activates an inactive worker and pauses it when the operator asks', () => {
    expect(plan(registered({ isActive: false }))).toMatchObject({
      step: 'activate',
      action: { message: 'set_active', args: { isActive: true } },
    });
    const paused = { ...DESIRED, active: false };
    expect(plan(registered({ endpoint: 'http://old' }), paused)).toMatchObject({
      step: 'deactivate',
      action: { message: 'set_active', args: { isActive: false } },
    });
    expect(plan(registered({ isActive: false }), paused)).toEqual({ kind: 'in-sync' });
  });

  it('gives the same key for the same facts and a new one when either side changes', () => {
    const key = (o: ObservedProvider | null, d = DESIRED) => {
      const p = plan(o, d);
      return p.kind === 'step' ? p.action.idempotencyKey : null;
    };
    const inactive = registered({ isActive: false }, '10:0');
    expect(key(inactive)).toBe(key(registered({ isActive: false }, '10:0')));
    expect(key(inactive)).toMatch(/^provider:0x1{40}:activate:[0-9a-f]{16}$/);
    expect(key(registered({ isActive: false }, '12:3'))).not.toBe(key(inactive));
    expect(key(null)).not.toBe(key(null, { ...DESIRED, endpoint: 'https://other' }));
    expect(key(null)).toBe(key(null));
  });

  it('converges on a model of the registry in at most five steps, registering once', () => {
    const profileArb = fc.record({
      endpoint: fc.constantFrom('https://worker.example', 'http://old', ''),
      hourlyRate: fc.bigInt({ min: 0n, max: 5_000n }),
      isActive: fc.boolean(),
      stake: fc.bigInt({ min: 0n, max: 100n * PLANCK }),
    });
    const desiredArb = fc.record({
      hourlyRate: fc.bigInt({ min: 0n, max: 5_000n }),
      stakePlanck: fc.bigInt({ min: 1n, max: 100n }),
      active: fc.boolean(),
    });
    fc.assert(
      fc.property(fc.option(profileArb, { nil: null }), desiredArb, (start, want) => {
        const desired: DesiredProvider = {
          ...DESIRED,
          ...want,
          stake: want.stakePlanck * PLANCK,
        };
        let profile: ProviderProfile | null =
          start === null ? null : registered({ ...start }).profile;
        let registrations = 0;
        for (let version = 0; version < 6; version++) {
          const next = plan(
            profile === null ? null : { profile, version: `${version}:0` },
            desired,
            0n,
          );
          if (next.kind === 'in-sync') {
            expect(profile).toMatchObject({
              endpoint: desired.endpoint,
              hourlyRate: desired.hourlyRate,
              isActive: desired.active,
            });
            expect(profile!.stake >= desired.stake).toBe(true);
            expect(registrations).toBeLessThanOrEqual(1);
            return;
          }
          expect(next.kind).toBe('step');
          if (next.kind !== 'step') {
            return;
          }
          // the registry's effect of the call (spec §5.4), written from the spec, not the planner
          const args = next.action.args as Record<string, unknown>;
          const value = (next.action.value ?? 0n) * PLANCK;
          switch (next.action.message) {
            case 'register_provider':
              registrations++;
              profile = {
                ...registered().profile,
                endpoint: args['endpoint'] as string,
                hourlyRate: args['hourlyRate'] as bigint,
                isActive: true,
                stake: value,
              };
              break;
            case 'update_provider':
              profile = {
                ...profile!,
                endpoint: args['endpoint'] as string,
                hourlyRate: args['hourlyRate'] as bigint,
              };
              break;
            case 'add_stake':
              profile = { ...profile!, stake: profile!.stake + value };
              break;
            case 'set_active':
              profile = { ...profile!, isActive: args['isActive'] as boolean };
              break;
            default:
              throw new Error(`unexpected message ${next.action.message}`);
          }
        }
        throw new Error('did not converge');
      }),
    );
  });
});
