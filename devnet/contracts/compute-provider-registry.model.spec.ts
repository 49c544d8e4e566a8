import { computeProviderRegistryModel } from './compute-provider-registry.model';
import type { ComputeProviderRegistryState } from './compute-provider-registry.model';
import { PAID_UNPAYABLE_TRAP, U128_MAX } from './contract-model';
import {
  ALICE,
  BOB,
  CAROL,
  DEFAULT_TIMESTAMP,
  eventsOf,
  modelHarness,
  silentFailure,
  valueOf,
} from './fake-call-context';
import type { ModelHarness } from './fake-call-context';

const ADMIN = ALICE;
const REG = { endpoint: 'https://bob.example', computeUnits: 64n, hourlyRate: 25n };
const STAKE = 10n * 100_000_000n;

describe('computeProviderRegistryModel', () => {
  let h: ModelHarness<ComputeProviderRegistryState>;
  beforeEach(() => {
    h = modelHarness(computeProviderRegistryModel, ADMIN);
  });

  function register(who = BOB, stake = STAKE): void {
    expect(valueOf(h.call(who, 'register_provider', REG, { value: stake }))).toBe(true);
  }

  it('starts as new(500) with the deployer as admin and no providers', () => {
    expect(valueOf(h.call(CAROL, 'get_min_stake'))).toBe(500n);
    expect(valueOf(h.call(CAROL, 'get_admin'))).toBe(ADMIN);
    expect(valueOf(h.call(CAROL, 'get_provider_count'))).toBe(0n);
    expect(valueOf(h.call(CAROL, 'get_provider', { provider: BOB }))).toBeNull();
  });

  it('registers a provider: active, reputation 100, stake = value, registered_at = timestamp', () => {
    expect(h.call(BOB, 'register_provider', REG, { value: STAKE })).toEqual({
      kind: 'returned',
      value: true,
      events: [
        {
          contract: 'computeProviderRegistry',
          name: 'ProviderRegistered',
          fields: { provider: BOB, stake: STAKE, computeUnits: 64n },
        },
      ],
    });
    expect(valueOf(h.call(CAROL, 'get_provider', { provider: BOB }))).toEqual({
      provider: BOB,
      endpoint: REG.endpoint,
      computeUnits: 64n,
      hourlyRate: 25n,
      registeredAt: DEFAULT_TIMESTAMP,
      isActive: true,
      stake: STAKE,
      reputationScore: 100,
    });
    expect(valueOf(h.call(CAROL, 'get_provider_count'))).toBe(1n);
  });

  it('register_provider: false below min_stake (value kept) and when already registered', () => {
    expect(h.call(BOB, 'register_provider', REG, { value: 499n })).toEqual(silentFailure());
    expect(h.state.providers.size).toBe(0);
    expect(h.balance).toBe(499n);
    register(BOB, 500n);
    expect(h.call(BOB, 'register_provider', REG, { value: STAKE })).toEqual(silentFailure());
    expect(h.state.providers.get(BOB)?.stake).toBe(500n);
    expect(h.state.providerCount).toBe(1n);
  });

  it('update_provider replaces endpoint and rate but not compute units', () => {
    expect(h.call(BOB, 'update_provider', { endpoint: 'x', hourlyRate: 1n })).toEqual(
      silentFailure(),
    );
    register();
    expect(
      eventsOf(h.call(BOB, 'update_provider', { endpoint: 'https://new', hourlyRate: 99n })),
    ).toEqual([
      {
        contract: 'computeProviderRegistry',
        name: 'ProviderUpdated',
        fields: { provider: BOB, endpoint: 'https://new', hourlyRate: 99n },
      },
    ]);
    expect(h.state.providers.get(BOB)).toMatchObject({
      endpoint: 'https://new',
      hourlyRate: 99n,
      computeUnits: 64n,
    });
  });

  it('set_active toggles freely for a registered provider only', () => {
    expect(h.call(BOB, 'set_active', { isActive: false })).toEqual(silentFailure());
    register();
    expect(eventsOf(h.call(BOB, 'set_active', { isActive: false }))).toEqual([
      {
        contract: 'computeProviderRegistry',
        name: 'ProviderActiveChanged',
        fields: { provider: BOB, isActive: false },
      },
    ]);
    expect(valueOf(h.call(BOB, 'set_active', { isActive: true }))).toBe(true);
    expect(h.state.providers.get(BOB)?.isActive).toBe(true);
  });

  describe('add_stake', () => {
    it('adds the value and emits StakeAdded', () => {
      register();
      expect(h.call(BOB, 'add_stake', {}, { value: 7n })).toEqual({
        kind: 'returned',
        value: true,
        events: [
          {
            contract: 'computeProviderRegistry',
            name: 'StakeAdded',
            fields: { provider: BOB, amount: 7n },
          },
        ],
      });
      expect(h.state.providers.get(BOB)?.stake).toBe(STAKE + 7n);
    });

    it('returns false for a zero value and for an unregistered caller (value kept)', () => {
      register();
      expect(h.call(BOB, 'add_stake')).toEqual(silentFailure());
      expect(h.call(CAROL, 'add_stake', {}, { value: 9n })).toEqual(silentFailure());
      expect(h.balance).toBe(STAKE + 9n);
      expect(h.state.providers.get(BOB)?.stake).toBe(STAKE);
    });

    it('saturates the stake at u128::MAX', () => {
      register(BOB, U128_MAX - 1n);
      expect(valueOf(h.call(BOB, 'add_stake', {}, { value: 5n }))).toBe(true);
      expect(h.state.providers.get(BOB)?.stake).toBe(U128_MAX);
    });
  });

  describe('withdraw_stake', () => {
    it('returns false while active for a non-admin provider', () => {
      register();
      expect(h.call(BOB, 'withdraw_stake', { amount: 1n })).toEqual(silentFailure());
      expect(h.transfers).toEqual([]);
    });

    it('pays out while inactive and subtracts from the stake', () => {
      register();
      valueOf(h.call(BOB, 'set_active', { isActive: false }));
      expect(h.call(BOB, 'withdraw_stake', { amount: 4n * 100_000_000n })).toEqual({
        kind: 'returned',
        value: true,
        events: [
          {
            contract: 'computeProviderRegistry',
            name: 'StakeWithdrawn',
            fields: { provider: BOB, amount: 4n * 100_000_000n },
          },
        ],
      });
      expect(h.transfers).toEqual([{ to: BOB, amount: 4n * 100_000_000n }]);
      expect(h.state.providers.get(BOB)?.stake).toBe(6n * 100_000_000n);
    });

    it('returns false when the amount exceeds the stake, or the caller is unregistered', () => {
      register();
      valueOf(h.call(BOB, 'set_active', { isActive: false }));
      expect(h.call(BOB, 'withdraw_stake', { amount: STAKE + 1n })).toEqual(silentFailure());
      expect(h.call(CAROL, 'withdraw_stake', { amount: 0n })).toEqual(silentFailure());
    });

    it('returns false and keeps the stake when the runtime refuses the transfer', () => {
      register();
      valueOf(h.call(BOB, 'set_active', { isActive: false }));
      expect(h.call(BOB, 'withdraw_stake', { amount: 1n }, { refuseTransfers: true })).toEqual(
        silentFailure(),
      );
      expect(h.state.providers.get(BOB)?.stake).toBe(STAKE);
    });

    it('lets the admin withdraw its own stake while active, but not anyone else’s', () => {
      register(ADMIN);
      register(BOB);
      expect(valueOf(h.call(ADMIN, 'withdraw_stake', { amount: STAKE }))).toBe(true);
      expect(h.state.providers.get(ADMIN)?.stake).toBe(0n);
      expect(h.state.providers.get(BOB)?.stake).toBe(STAKE);
    });

    it('allows the stake bypass: withdraw everything while inactive, then re-activate', () => {
      register();
      valueOf(h.call(BOB, 'set_active', { isActive: false }));
      valueOf(h.call(BOB, 'withdraw_stake', { amount: STAKE }));
      expect(valueOf(h.call(BOB, 'set_active', { isActive: true }))).toBe(true);
      expect(h.state.providers.get(BOB)).toMatchObject({ isActive: true, stake: 0n });
    });
  });

  it('set_reputation: admin only, known providers only, any score', () => {
    register();
    expect(h.call(BOB, 'set_reputation', { provider: BOB, score: 1000 })).toEqual(silentFailure());
    expect(h.call(ADMIN, 'set_reputation', { provider: CAROL, score: 1 })).toEqual(silentFailure());
    expect(eventsOf(h.call(ADMIN, 'set_reputation', { provider: BOB, score: 4_000_000 }))).toEqual([
      {
        contract: 'computeProviderRegistry',
        name: 'ReputationUpdated',
        fields: { provider: BOB, score: 4_000_000 },
      },
    ]);
    expect(h.state.providers.get(BOB)?.reputationScore).toBe(4_000_000);
  });

  it('set_min_stake: admin only; the new minimum applies to later registrations', () => {
    expect(h.call(BOB, 'set_min_stake', { newMinStake: 1n })).toEqual(silentFailure());
    expect(h.call(ADMIN, 'set_min_stake', { newMinStake: STAKE + 1n })).toEqual(
      silentFailure(true),
    );
    expect(h.call(BOB, 'register_provider', REG, { value: STAKE })).toEqual(silentFailure());
  });

  it('counts every registration in provider_count', () => {
    register(BOB);
    register(CAROL);
    valueOf(h.call(BOB, 'set_active', { isActive: false }));
    expect(valueOf(h.call(ALICE, 'get_provider_count'))).toBe(2n);
  });

  it('traps when value is sent to a non-payable message', () => {
    register();
    expect(h.call(BOB, 'set_active', { isActive: false }, { value: 1n })).toEqual({
      kind: 'trapped',
      reason: PAID_UNPAYABLE_TRAP,
    });
    expect(h.state.providers.get(BOB)?.isActive).toBe(true);
  });
});
