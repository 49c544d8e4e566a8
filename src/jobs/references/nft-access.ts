import type { H160 } from '../../contracts';
import type { ProjectionRepository } from '../../projections';

/** What the resolver needs to know about a data NFT. */
export interface DataNftView {
  readonly tokenId: bigint;
  readonly owner: H160;
  readonly dataUri: string;
  readonly isBurned: boolean;
}

/**
 * Read access to data NFTs (data_nft_registry, spec §6), as of the follower's finalized view.
 * `hasAccess` is the contract's `has_access` (owner, or a granted and not revoked entry) except
 * that a burned token gives access to nobody (the contract keeps stale grants, §6.6.3).
 */
export interface NftAccess {
  getNft(tokenId: bigint): Promise<DataNftView | null>;
  hasAccess(tokenId: bigint, account: H160): Promise<boolean>;
}

export const NFT_ACCESS = Symbol('NftAccess');

/** `NftAccess` over the projected read models. */
export class ProjectionNftAccess implements NftAccess {
  constructor(private readonly projections: ProjectionRepository) {}

  async getNft(tokenId: bigint): Promise<DataNftView | null> {
    const nft = await this.projections.getNft(tokenId);
    return nft === null
      ? null
      : { tokenId: nft.tokenId, owner: nft.owner, dataUri: nft.dataUri, isBurned: nft.isBurned };
  }

  async hasAccess(tokenId: bigint, account: H160): Promise<boolean> {
    const nft = await this.projections.getNft(tokenId);
    if (nft === null || nft.isBurned) {
      return false;
    }
    const who = account.toLowerCase();
    if (nft.owner.toLowerCase() === who) {
      return true;
    }
    const grant = await this.projections.getGrant(tokenId, who as H160);
    return grant?.isGranted === true;
  }
}
