import { PAID_UNPAYABLE_TRAP } from './contract-model';
import { dataNftRegistryModel } from './data-nft-registry.model';
import type { DataNftRegistryState } from './data-nft-registry.model';
import {
  ALICE,
  BOB,
  CAROL,
  DEFAULT_TIMESTAMP,
  MALLORY,
  eventsOf,
  modelHarness,
  silentFailure,
  valueOf,
} from './fake-call-context';
import type { ModelHarness } from './fake-call-context';

const ADMIN = CAROL;
const NFT = { dataUri: 'ipfs://data', privacyLevel: 2, accessPrice: 50n, isTransferable: true };

describe('dataNftRegistryModel', () => {
  let h: ModelHarness<DataNftRegistryState>;
  beforeEach(() => {
    h = modelHarness(dataNftRegistryModel, ADMIN);
  });

  function mint(owner = ALICE, overrides: Partial<typeof NFT> = {}): bigint {
    return valueOf(h.call(owner, 'mint', { ...NFT, ...overrides })) as bigint;
  }

  function hasAccess(tokenId: bigint, account: string): unknown {
    return valueOf(h.call(MALLORY, 'has_access', { tokenId, account }));
  }

  it('mints sequential tokens to the caller and keeps any value sent', () => {
    expect(h.call(ALICE, 'mint', NFT, { value: 77n })).toEqual({
      kind: 'returned',
      value: 1n,
      events: [
        {
          contract: 'dataNftRegistry',
          name: 'NFTMinted',
          fields: { tokenId: 1n, owner: ALICE, dataUri: 'ipfs://data', privacyLevel: 2 },
        },
      ],
    });
    expect(mint(BOB)).toBe(2n);
    expect(valueOf(h.call(BOB, 'get_nft', { tokenId: 1n }))).toEqual({
      tokenId: 1n,
      owner: ALICE,
      dataUri: 'ipfs://data',
      privacyLevel: 2,
      mintedAt: DEFAULT_TIMESTAMP,
      accessPrice: 50n,
      isTransferable: true,
    });
    expect(valueOf(h.call(BOB, 'total_supply'))).toBe(2n);
    expect(valueOf(h.call(BOB, 'balance_of', { owner: ALICE }))).toBe(1n);
    expect(valueOf(h.call(BOB, 'balance_of', { owner: MALLORY }))).toBe(0n);
    expect(h.balance).toBe(77n);
    expect(valueOf(h.call(BOB, 'get_admin'))).toBe(ADMIN);
  });

  describe('transfer', () => {
    it('moves the token, adjusts counts, clears the approval and keeps grants', () => {
      const id = mint();
      valueOf(h.call(ALICE, 'approve', { tokenId: id, approved: MALLORY }));
      valueOf(h.call(ALICE, 'grant_access', { tokenId: id, grantee: CAROL }, { value: 50n }));
      expect(h.call(ALICE, 'transfer', { tokenId: id, to: BOB })).toEqual({
        kind: 'returned',
        value: true,
        events: [
          {
            contract: 'dataNftRegistry',
            name: 'NFTTransferred',
            fields: { tokenId: id, from: ALICE, to: BOB },
          },
        ],
      });
      expect(h.state.nfts.get(id)?.owner).toBe(BOB);
      expect(valueOf(h.call(BOB, 'balance_of', { owner: ALICE }))).toBe(0n);
      expect(valueOf(h.call(BOB, 'balance_of', { owner: BOB }))).toBe(1n);
      expect(valueOf(h.call(BOB, 'get_approved', { tokenId: id }))).toBeNull();
      expect(hasAccess(id, CAROL)).toBe(true);
      expect(hasAccess(id, BOB)).toBe(true);
      expect(hasAccess(id, ALICE)).toBe(false);
    });

    it('ignores approvals: the approved account cannot transfer', () => {
      const id = mint();
      valueOf(h.call(ALICE, 'approve', { tokenId: id, approved: BOB }));
      expect(h.call(BOB, 'transfer', { tokenId: id, to: BOB })).toEqual(silentFailure());
      expect(h.state.nfts.get(id)?.owner).toBe(ALICE);
    });

    it('returns false for a non-transferable token, an unknown token and a non-owner (even admin)', () => {
      const locked = mint(ALICE, { isTransferable: false });
      expect(h.call(ALICE, 'transfer', { tokenId: locked, to: BOB })).toEqual(silentFailure());
      expect(h.call(ALICE, 'transfer', { tokenId: 9n, to: BOB })).toEqual(silentFailure());
      const id = mint();
      expect(h.call(ADMIN, 'transfer', { tokenId: id, to: ADMIN })).toEqual(silentFailure());
    });

    it('leaves the count unchanged on a transfer to oneself', () => {
      const id = mint();
      valueOf(h.call(ALICE, 'transfer', { tokenId: id, to: ALICE }));
      expect(valueOf(h.call(ALICE, 'balance_of', { owner: ALICE }))).toBe(1n);
    });
  });

  it('approve: owner only; stored and emitted', () => {
    const id = mint();
    expect(h.call(BOB, 'approve', { tokenId: id, approved: BOB })).toEqual(silentFailure());
    expect(h.call(ALICE, 'approve', { tokenId: 5n, approved: BOB })).toEqual(silentFailure());
    expect(eventsOf(h.call(ALICE, 'approve', { tokenId: id, approved: BOB }))).toEqual([
      {
        contract: 'dataNftRegistry',
        name: 'NFTApproved',
        fields: { tokenId: id, owner: ALICE, approved: BOB },
      },
    ]);
    expect(valueOf(h.call(CAROL, 'get_approved', { tokenId: id }))).toBe(BOB);
  });

  describe('grant_access', () => {
    it('lets the owner grant access paying at least the price; the payment is kept', () => {
      const id = mint();
      expect(h.call(ALICE, 'grant_access', { tokenId: id, grantee: BOB }, { value: 60n })).toEqual({
        kind: 'returned',
        value: true,
        events: [
          {
            contract: 'dataNftRegistry',
            name: 'AccessGranted',
            fields: { tokenId: id, grantee: BOB, payment: 60n },
          },
        ],
      });
      expect(hasAccess(id, BOB)).toBe(true);
      expect(h.balance).toBe(60n);
      expect(h.transfers).toEqual([]);
    });

    it('returns false below the price, keeping the value', () => {
      const id = mint();
      expect(h.call(ALICE, 'grant_access', { tokenId: id, grantee: BOB }, { value: 49n })).toEqual(
        silentFailure(),
      );
      expect(hasAccess(id, BOB)).toBe(false);
      expect(h.balance).toBe(49n);
    });

    it('does not let a buyer pay for access: non-owners get false', () => {
      const id = mint();
      expect(h.call(BOB, 'grant_access', { tokenId: id, grantee: BOB }, { value: 1000n })).toEqual(
        silentFailure(),
      );
      expect(
        h.call(ALICE, 'grant_access', { tokenId: 9n, grantee: BOB }, { value: 1000n }),
      ).toEqual(silentFailure());
      expect(hasAccess(id, BOB)).toBe(false);
    });
  });

  describe('revoke_access', () => {
    it('is allowed to the owner and to the admin, and emits even without an entry', () => {
      const id = mint();
      valueOf(h.call(ALICE, 'grant_access', { tokenId: id, grantee: BOB }, { value: 50n }));
      expect(eventsOf(h.call(ADMIN, 'revoke_access', { tokenId: id, grantee: BOB }))).toEqual([
        {
          contract: 'dataNftRegistry',
          name: 'AccessRevoked',
          fields: { tokenId: id, grantee: BOB },
        },
      ]);
      expect(hasAccess(id, BOB)).toBe(false);
      expect(valueOf(h.call(ALICE, 'revoke_access', { tokenId: id, grantee: MALLORY }))).toBe(true);
    });

    it('returns false for anyone else and for an unknown token', () => {
      const id = mint();
      valueOf(h.call(ALICE, 'grant_access', { tokenId: id, grantee: BOB }, { value: 50n }));
      expect(h.call(BOB, 'revoke_access', { tokenId: id, grantee: BOB })).toEqual(silentFailure());
      expect(h.call(ADMIN, 'revoke_access', { tokenId: 9n, grantee: BOB })).toEqual(
        silentFailure(),
      );
      expect(hasAccess(id, BOB)).toBe(true);
    });
  });

  it('update_data_uri / update_access_price: owner only (not admin)', () => {
    const id = mint();
    expect(h.call(ADMIN, 'update_data_uri', { tokenId: id, newUri: 'x' })).toEqual(silentFailure());
    expect(h.call(BOB, 'update_access_price', { tokenId: id, newPrice: 1n })).toEqual(
      silentFailure(),
    );
    expect(
      eventsOf(h.call(ALICE, 'update_data_uri', { tokenId: id, newUri: 'ipfs://v2' })),
    ).toEqual([
      {
        contract: 'dataNftRegistry',
        name: 'DataURIUpdated',
        fields: { tokenId: id, newUri: 'ipfs://v2' },
      },
    ]);
    expect(eventsOf(h.call(ALICE, 'update_access_price', { tokenId: id, newPrice: 5n }))).toEqual([
      {
        contract: 'dataNftRegistry',
        name: 'AccessPriceUpdated',
        fields: { tokenId: id, newPrice: 5n },
      },
    ]);
    expect(h.state.nfts.get(id)).toMatchObject({ dataUri: 'ipfs://v2', accessPrice: 5n });
    expect(
      valueOf(h.call(ALICE, 'grant_access', { tokenId: id, grantee: BOB }, { value: 5n })),
    ).toBe(true);
  });

  describe('burn', () => {
    it('removes the token but leaves grants and approvals, so has_access stays true', () => {
      const id = mint();
      valueOf(h.call(ALICE, 'grant_access', { tokenId: id, grantee: BOB }, { value: 50n }));
      valueOf(h.call(ALICE, 'approve', { tokenId: id, approved: MALLORY }));
      expect(h.call(ALICE, 'burn', { tokenId: id })).toEqual({
        kind: 'returned',
        value: true,
        events: [
          { contract: 'dataNftRegistry', name: 'NFTBurned', fields: { tokenId: id, owner: ALICE } },
        ],
      });
      expect(valueOf(h.call(BOB, 'get_nft', { tokenId: id }))).toBeNull();
      expect(valueOf(h.call(BOB, 'balance_of', { owner: ALICE }))).toBe(0n);
      expect(hasAccess(id, BOB)).toBe(true);
      expect(hasAccess(id, ALICE)).toBe(false);
      expect(valueOf(h.call(BOB, 'get_approved', { tokenId: id }))).toBe(MALLORY);
    });

    it('lets the admin burn someone else’s token, decrementing the owner’s count', () => {
      const id = mint(BOB);
      expect(eventsOf(h.call(ADMIN, 'burn', { tokenId: id }))).toEqual([
        { contract: 'dataNftRegistry', name: 'NFTBurned', fields: { tokenId: id, owner: BOB } },
      ]);
      expect(valueOf(h.call(BOB, 'balance_of', { owner: BOB }))).toBe(0n);
    });

    it('returns false for anyone else and for an unknown or already burned token', () => {
      const id = mint();
      expect(h.call(BOB, 'burn', { tokenId: id })).toEqual(silentFailure());
      valueOf(h.call(ALICE, 'burn', { tokenId: id }));
      expect(h.call(ALICE, 'burn', { tokenId: id })).toEqual(silentFailure());
    });

    it('never reuses token IDs: total_supply is a mint counter', () => {
      mint();
      const second = mint();
      valueOf(h.call(ALICE, 'burn', { tokenId: second }));
      expect(valueOf(h.call(ALICE, 'total_supply'))).toBe(2n);
      expect(mint()).toBe(3n);
    });
  });

  it('traps when value is sent to a non-payable message', () => {
    const id = mint();
    expect(h.call(ALICE, 'burn', { tokenId: id }, { value: 1n })).toEqual({
      kind: 'trapped',
      reason: PAID_UNPAYABLE_TRAP,
    });
    expect(h.state.nfts.has(id)).toBe(true);
  });
});
