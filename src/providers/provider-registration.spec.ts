import { NOOP_LOGGER, type JsonValue } from '../shared';
import type { H160, ProviderProfile } from '../contracts/types';
import type { ProjectedProvider } from '../projections/projection-types';
import type { ChainAction, ChainActionStatus, NewChainAction } from '../chain/tx';
import type { ChainCursor } from '../chain/follower';
import type { ProviderOverrides, ProviderRegistrationConfig } from './desired-provider';
import { ProviderRegistration } from './provider-registration';
import type { StoredProviderSettings } from './provider-settings-repository';

const WORKER: H160 = '0x2222222222222222222222222222222222222222';
const CONFIG = { endpoint: 'https://w', computeUnits: 2n, hourlyRate: 5n, stakePlanck: 10n };

/** The outbox as the transaction manager leaves it: tests move actions between statuses. */
class FakeActions {
  readonly byKey = new Map<string, ChainAction>();

  enqueue(action: NewChainAction): Promise<{ action: ChainAction; isNew: boolean }> {
    const existing = this.byKey.get(action.idempotencyKey);
    if (existing) {
      return Promise.resolve({ action: existing, isNew: false });
    }
    const stored: ChainAction = {
      id: `a${this.byKey.size}`,
      idempotencyKey: action.idempotencyKey,
      contract: action.contract,
      message: action.message,
      args: JSON.parse(
        JSON.stringify(action.args, (_k, v: unknown) => (typeof v === 'bigint' ? String(v) : v)),
      ) as JsonValue,
      value: action.value ?? 0n,
      signerRole: action.signerRole,
      status: 'pending',
      attempts: 0,
      lastError: null,
      txHash: null,
      includedIn: null,
      finalizedBlockHash: null,
      createdAt: new Date(0),
      updatedAt: new Date(0),
      nextAttemptAt: new Date(0),
      signedTx: null,
    };
    this.byKey.set(action.idempotencyKey, stored);
    return Promise.resolve({ action: stored, isNew: true });
  }

  findByKey(key: string): Promise<ChainAction | null> {
    return Promise.resolve(this.byKey.get(key) ?? null);
  }

  settle(key: string, status: ChainActionStatus, lastError: string | null, block = 5n): void {
    const action = this.byKey.get(key)!;
    this.byKey.set(key, {
      ...action,
      status,
      lastError,
      includedIn: status === 'finalized' ? { number: block, hash: '0xab' } : null,
    });
  }
}

class FakeSettings {
  row: StoredProviderSettings | null = null;

  get(): Promise<StoredProviderSettings | null> {
    return Promise.resolve(this.row);
  }

  saveOverrides(provider: H160, overrides: ProviderOverrides): Promise<void> {
    this.row = {
      provider,
      overrides,
      lastActionKey: this.row?.lastActionKey ?? null,
      updatedAt: new Date(0),
    };
    return Promise.resolve();
  }

  saveLastActionKey(provider: H160, key: string): Promise<void> {
    this.row = {
      provider,
      overrides: this.row?.overrides ?? { endpoint: null, hourlyRate: null, active: null },
      lastActionKey: key,
      updatedAt: new Date(0),
    };
    return Promise.resolve();
  }
}

function setup(config: ProviderRegistrationConfig = CONFIG) {
  const actions = new FakeActions();
  const settings = new FakeSettings();
  const world = {
    projected: null as ProjectedProvider | null,
    cursor: 0n,
    minStake: 500n,
  };
  const registration = new ProviderRegistration(
    {
      projections: { getProvider: () => Promise.resolve(world.projected) },
      actions,
      cursors: {
        get: () =>
          Promise.resolve<ChainCursor>({
            lane: 'finalized',
            block: { number: world.cursor, hash: '0x00' },
            version: 1,
            updatedAt: new Date(0),
          }),
      },
      settings,
      registry: {
        finalizedProvider: () => Promise.resolve({ profile: null, block: world.cursor }),
        minStake: () => Promise.resolve(world.minStake),
      },
    },
    { provider: WORKER, signerRole: 'worker', config },
    NOOP_LOGGER,
  );
  const project = (profile: Partial<ProviderProfile>, block: bigint) => {
    world.projected = {
      provider: WORKER,
      endpoint: CONFIG.endpoint,
      computeUnits: CONFIG.computeUnits,
      hourlyRate: CONFIG.hourlyRate,
      registeredAt: 1n,
      isActive: true,
      stake: CONFIG.stakePlanck * 100_000_000n,
      reputationScore: 100,
      registeredBlock: 1n,
      updated: { block, seq: 0 },
      ...profile,
    };
    world.cursor = block;
  };
  return { registration, actions, settings, world, project };
}

describe('ProviderRegistration', () => {
  it('enqueues one register and waits for it instead of enqueuing more', async () => {
    const { registration, actions } = setup();
    const first = await registration.tick();
    const second = await registration.tick();
    expect(first.state).toBe('pending');
    expect(second).toEqual(first);
    expect([...actions.byKey.values()].map((a) => [a.message, a.value])).toEqual([
      ['register_provider', 10n],
    ]);
  });

  it('waits until the follower projected the finalized action before planning again', async () => {
    const { registration, actions, world, project } = setup();
    const { actionKey } = await registration.tick();
    actions.settle(actionKey!, 'finalized', null, 7n);
    world.cursor = 6n;
    expect((await registration.tick()).state).toBe('pending');
    project({ isActive: false }, 7n);
    const next = await registration.tick();
    expect(actions.byKey.get(next.actionKey!)).toMatchObject({
      message: 'set_active',
      args: { isActive: true },
    });
  });

  it('reports a refused register as blocked, once, without enqueuing it again', async () => {
    const { registration, actions } = setup();
    const { actionKey } = await registration.tick();
    actions.settle(
      actionKey!,
      'failed',
      'computeProviderRegistry.register_provider would return false',
    );
    const blocked = await registration.tick();
    expect(blocked.state).toBe('blocked');
    expect(blocked.reason).toMatch(/refused register_provider .*would return false.*min_stake/);
    expect(await registration.tick()).toEqual(blocked);
    expect(actions.byKey.size).toBe(1);
    expect((await registration.view()).blockedReason).toBe(blocked.reason);
  });

  it('retries an action that failed for another reason, up to a limit', async () => {
    const { registration, actions } = setup();
    for (let i = 0; i < 4; i++) {
      const { actionKey, state } = await registration.tick();
      expect(state).toBe('pending');
      actions.settle(actionKey!, 'failed', 'gave up after 5 attempts: dry run unavailable');
    }
    expect((await registration.tick()).state).toBe('blocked');
    expect(actions.byKey.size).toBe(4);
  });

  it('does not register below the min_stake it reads, and says why', async () => {
    const { registration, actions, world } = setup();
    world.minStake = 10n * 100_000_000n + 1n;
    const outcome = await registration.tick();
    expect(outcome.state).toBe('blocked');
    expect(outcome.reason).toMatch(/below the registry's min_stake of 1000000001/);
    expect(actions.byKey.size).toBe(0);
  });

  it('keeps operator changes and applies them on the next step', async () => {
    const { registration, actions, settings, project } = setup();
    project({}, 3n);
    expect((await registration.tick()).state).toBe('in-sync');
    const view = await registration.update({ endpoint: 'https://new', hourlyRate: 9n });
    expect(settings.row?.overrides).toEqual({
      endpoint: 'https://new',
      hourlyRate: 9n,
      active: null,
    });
    expect(view.desired).toMatchObject({ endpoint: 'https://new', hourlyRate: 9n });
    expect(view.pendingActions).toHaveLength(1);
    expect(actions.byKey.get(view.pendingActions[0]!)).toMatchObject({
      message: 'update_provider',
      args: { endpoint: 'https://new', hourlyRate: '9' },
    });
  });

  it('stays idle without an endpoint, and registers once the operator gives one', async () => {
    const { registration, actions } = setup({ ...CONFIG, endpoint: null });
    expect((await registration.tick()).state).toBe('unconfigured');
    await expect(registration.update({ active: true })).rejects.toThrow(/not configured/);
    await registration.update({ endpoint: 'https://late' });
    expect([...actions.byKey.values()].map((a) => a.message)).toEqual(['register_provider']);
  });
});
