import type { ContractEvent, DataNft } from '../contracts';
import {
  isAfter,
  type EventPosition,
  type ProjectedGrant,
  type ProjectedNft,
} from './projection-types';

export type DataNftEvent = Extract<ContractEvent, { contract: 'dataNftRegistry' }>;
export type GrantEvent = Extract<DataNftEvent, { name: 'AccessGranted' | 'AccessRevoked' }>;
export type NftEvent = Exclude<DataNftEvent, GrantEvent>;

export function isGrantEvent(event: DataNftEvent): event is GrantEvent {
  return event.name === 'AccessGranted' || event.name === 'AccessRevoked';
}

/**
 * data_nft_registry tokens (§6.4). `snapshot` is `get_nft` at the mint's block, for the fields
 * `NFTMinted` does not carry (minted_at, access_price, is_transferable); it is None when the token
 * was burned in that same block, and those fields then stay 0/false. A burn keeps the row
 * (`isBurned`) and its approval; a transfer clears the approval. Unknown tokens are skipped.
 */
export function reduceNft(
  current: ProjectedNft | null,
  event: NftEvent,
  at: EventPosition,
  snapshot: DataNft | null | undefined,
): ProjectedNft | null {
  if (current !== null && !isAfter(at, current.updated)) {
    return null;
  }
  if (event.name === 'NFTMinted') {
    const { tokenId, owner, dataUri, privacyLevel } = event.fields;
    return {
      tokenId,
      owner,
      dataUri,
      privacyLevel,
      mintedAt: snapshot?.mintedAt ?? 0n,
      accessPrice: snapshot?.accessPrice ?? 0n,
      isTransferable: snapshot?.isTransferable ?? false,
      approved: null,
      isBurned: false,
      mintedBlock: at.block,
      updated: at,
    };
  }
  if (current === null) {
    return null;
  }
  switch (event.name) {
    case 'NFTTransferred':
      return { ...current, owner: event.fields.to, approved: null, updated: at };
    case 'NFTApproved':
      return { ...current, approved: event.fields.approved, updated: at };
    case 'DataURIUpdated':
      return { ...current, dataUri: event.fields.newUri, updated: at };
    case 'AccessPriceUpdated':
      return { ...current, accessPrice: event.fields.newPrice, updated: at };
    case 'NFTBurned':
      return { ...current, isBurned: true, updated: at };
  }
}

/**
 * An access-list entry (§6.4): granted by `AccessGranted`, removed by `AccessRevoked` (emitted
 * even without an entry, which then records a revoked row). Burns and transfers keep entries.
 */
export function reduceGrant(
  current: ProjectedGrant | null,
  event: GrantEvent,
  at: EventPosition,
): ProjectedGrant | null {
  if (current !== null && !isAfter(at, current.updated)) {
    return null;
  }
  const { tokenId, grantee } = event.fields;
  const base: ProjectedGrant = current ?? {
    tokenId,
    grantee,
    isGranted: false,
    lastPayment: 0n,
    grantedBlock: null,
    revokedBlock: null,
    updated: at,
  };
  return event.name === 'AccessGranted'
    ? {
        ...base,
        isGranted: true,
        lastPayment: event.fields.payment,
        grantedBlock: at.block,
        updated: at,
      }
    : { ...base, isGranted: false, revokedBlock: at.block, updated: at };
}

/** An NFT as `get_nft` returns it: None once burned. */
export function nftView(nft: ProjectedNft): DataNft | null {
  if (nft.isBurned) {
    return null;
  }
  const { tokenId, owner, dataUri, privacyLevel, mintedAt, accessPrice, isTransferable } = nft;
  return { tokenId, owner, dataUri, privacyLevel, mintedAt, accessPrice, isTransferable };
}

/** `has_access(token, account)`: the live token's owner, or any account with an entry (burned too). */
export function hasAccess(
  nft: ProjectedNft | null,
  grant: ProjectedGrant | null,
  account: string,
): boolean {
  const isOwner = nft !== null && !nft.isBurned && nft.owner === account.toLowerCase();
  return isOwner || grant?.isGranted === true;
}
