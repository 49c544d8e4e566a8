import type { DataNft } from '../contracts/types';
import {
  hasAccess,
  nftView,
  reduceGrant,
  reduceNft,
  type DataNftEvent,
  type GrantEvent,
  type NftEvent,
} from './data-nft-reducer';

const A = '0x9621dde636de098b43efb0fa9b61facfe328f99d';
const B = '0x1111111111111111111111111111111111111111';
const C = '0x2222222222222222222222222222222222222222';
const at = (block: bigint, seq = 0) => ({ block, seq });
const ev = <E extends DataNftEvent>(e: Omit<E, 'contract'>): E =>
  ({ contract: 'dataNftRegistry', ...e }) as E;
const minted: DataNft = {
  tokenId: 1n,
  owner: A,
  dataUri: 'ipfs://x',
  privacyLevel: 2,
  mintedAt: 1_700_000_000_000n,
  accessPrice: 10n,
  isTransferable: true,
};

describe('reduceNft', () => {
  const nft = reduceNft(
    null,
    ev<NftEvent>({
      name: 'NFTMinted',
      fields: { tokenId: 1n, owner: A, dataUri: 'ipfs://x', privacyLevel: 2 },
    }),
    at(2n),
    minted,
  )!;

  it('mints with price, time and transferability from get_nft', () => {
    expect(nftView(nft)).toEqual(minted);
  });

  it('updates uri and price, clears the approval on transfer', () => {
    let n = reduceNft(
      nft,
      ev<NftEvent>({ name: 'NFTApproved', fields: { tokenId: 1n, owner: A, approved: C } }),
      at(3n),
      undefined,
    )!;
    expect(n.approved).toBe(C);
    n = reduceNft(
      n,
      ev<NftEvent>({ name: 'DataURIUpdated', fields: { tokenId: 1n, newUri: 'ipfs://y' } }),
      at(4n),
      undefined,
    )!;
    n = reduceNft(
      n,
      ev<NftEvent>({ name: 'AccessPriceUpdated', fields: { tokenId: 1n, newPrice: 0n } }),
      at(5n),
      undefined,
    )!;
    n = reduceNft(
      n,
      ev<NftEvent>({ name: 'NFTTransferred', fields: { tokenId: 1n, from: A, to: B } }),
      at(6n),
      undefined,
    )!;
    expect(nftView(n)).toEqual({ ...minted, owner: B, dataUri: 'ipfs://y', accessPrice: 0n });
    expect(n.approved).toBeNull();
  });

  it('keeps a burned token (getter None) and its grants (has_access stays true for grantees)', () => {
    const burned = reduceNft(
      nft,
      ev<NftEvent>({ name: 'NFTBurned', fields: { tokenId: 1n, owner: A } }),
      at(7n),
      undefined,
    )!;
    expect(burned.isBurned).toBe(true);
    expect(nftView(burned)).toBeNull();
    const grant = reduceGrant(
      null,
      ev<GrantEvent>({ name: 'AccessGranted', fields: { tokenId: 1n, grantee: B, payment: 10n } }),
      at(6n),
    )!;
    expect(hasAccess(burned, grant, B)).toBe(true);
    expect(hasAccess(burned, null, A)).toBe(false);
    expect(hasAccess(nft, null, A)).toBe(true);
  });
});

describe('reduceGrant', () => {
  it('grants, revokes, and records a revoke without a prior grant', () => {
    const granted = reduceGrant(
      null,
      ev<GrantEvent>({ name: 'AccessGranted', fields: { tokenId: 1n, grantee: B, payment: 10n } }),
      at(3n),
    )!;
    expect(granted).toMatchObject({
      isGranted: true,
      lastPayment: 10n,
      grantedBlock: 3n,
      revokedBlock: null,
    });
    const revoked = reduceGrant(
      granted,
      ev<GrantEvent>({ name: 'AccessRevoked', fields: { tokenId: 1n, grantee: B } }),
      at(4n),
    )!;
    expect(revoked).toMatchObject({ isGranted: false, grantedBlock: 3n, revokedBlock: 4n });
    expect(
      reduceGrant(
        revoked,
        ev<GrantEvent>({ name: 'AccessRevoked', fields: { tokenId: 1n, grantee: B } }),
        at(4n),
      ),
    ).toBeNull();
    const orphan = reduceGrant(
      null,
      ev<GrantEvent>({ name: 'AccessRevoked', fields: { tokenId: 1n, grantee: C } }),
      at(5n),
    )!;
    expect(orphan).toMatchObject({ isGranted: false, grantedBlock: null, revokedBlock: 5n });
  });
});
