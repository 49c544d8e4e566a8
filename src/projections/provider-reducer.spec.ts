import type { ProviderProfile } from '../contracts/types';
import { END_OF_BLOCK_SEQ } from './projection-types';
import { providerView, reduceProvider, type ProviderEvent } from './provider-reducer';

const P = '0x1111111111111111111111111111111111111111';
const at = (block: bigint, seq = 0) => ({ block, seq });
const ev = (e: Omit<ProviderEvent, 'contract'>): ProviderEvent =>
  ({ contract: 'computeProviderRegistry', ...e }) as ProviderEvent;
const profile: ProviderProfile = {
  provider: P,
  endpoint: 'https://gpu.example',
  computeUnits: 8n,
  hourlyRate: 3n,
  registeredAt: 1_700_000_000_000n,
  isActive: true,
  stake: 500n,
  reputationScore: 100,
};

describe('reduceProvider', () => {
  const registered = reduceProvider(
    null,
    ev({ name: 'ProviderRegistered', fields: { provider: P, stake: 500n, computeUnits: 8n } }),
    at(3n),
    profile,
  )!;

  it('registers with stake and units from the event and the profile from get_provider', () => {
    expect(providerView(registered)).toEqual(profile);
    expect(registered.registeredBlock).toBe(3n);
  });

  it('applies updates, activity, stake deltas and reputation in order', () => {
    let p = registered;
    p = reduceProvider(
      p,
      ev({ name: 'ProviderUpdated', fields: { provider: P, endpoint: 'wss://x', hourlyRate: 9n } }),
      at(4n),
      undefined,
    )!;
    p = reduceProvider(
      p,
      ev({ name: 'ProviderActiveChanged', fields: { provider: P, isActive: false } }),
      at(5n),
      undefined,
    )!;
    p = reduceProvider(
      p,
      ev({ name: 'StakeAdded', fields: { provider: P, amount: 200n } }),
      at(6n),
      undefined,
    )!;
    p = reduceProvider(
      p,
      ev({ name: 'StakeWithdrawn', fields: { provider: P, amount: 50n } }),
      at(7n),
      undefined,
    )!;
    p = reduceProvider(
      p,
      ev({ name: 'ReputationUpdated', fields: { provider: P, score: 7 } }),
      at(8n),
      undefined,
    )!;
    expect(providerView(p)).toEqual({
      ...profile,
      endpoint: 'wss://x',
      hourlyRate: 9n,
      isActive: false,
      stake: 650n,
      reputationScore: 7,
    });
  });

  it("adopts an unknown provider from get_provider and does not add that block's deltas twice", () => {
    const after = { ...profile, stake: 900n };
    const adopted = reduceProvider(
      null,
      ev({ name: 'StakeAdded', fields: { provider: P, amount: 200n } }),
      at(9n, 0),
      after,
    )!;
    expect(adopted).toMatchObject({
      stake: 900n,
      registeredBlock: null,
      updated: at(9n, END_OF_BLOCK_SEQ),
    });
    expect(
      reduceProvider(
        adopted,
        ev({ name: 'StakeAdded', fields: { provider: P, amount: 200n } }),
        at(9n, 1),
        after,
      ),
    ).toBeNull();
    expect(
      reduceProvider(
        adopted,
        ev({ name: 'StakeAdded', fields: { provider: P, amount: 1n } }),
        at(10n),
        undefined,
      ),
    ).toMatchObject({ stake: 901n });
  });
});
