import type { ProjectionRepository } from '../../projections/projection-repository';
import type { ProjectedNftWithGrants } from '../../projections/projection-types';
import type { FrontendDataNftsBody } from '../dto/frontend.dto';
import { enumerateIds, type EventReads } from './stored-events';

type Reads = Pick<ProjectionRepository, 'getNftWithGrants'>;
type Item = FrontendDataNftsBody['dataNfts'][number];

/** The frontend's labels; nothing on-chain defines them (spec §3.5: 0, 1, 2). */
const PRIVACY_LABELS = ['Public', 'Private', 'Confidential'] as const;

/** /api/data-nfts: live data NFTs in the marketplace's shape, under `dataNfts` and `nfts` (§3.5). */
export class DataNftListing {
  constructor(
    private readonly projections: Reads,
    private readonly events: EventReads,
  ) {}

  async list(): Promise<FrontendDataNftsBody> {
    const entries = await enumerateIds(
      this.events,
      { contract: 'dataNftRegistry', eventName: 'NFTMinted', field: 'tokenId' },
      (id) => this.projections.getNftWithGrants(id),
    );
    const items = entries.filter((e) => !e.nft.isBurned).map(toItem);
    return {
      success: true,
      count: items.length,
      dataNfts: items,
      nfts: items,
      source: 'blockchain',
    };
  }
}

function toItem({ nft, grants }: ProjectedNftWithGrants): Item {
  const id = nft.tokenId.toString();
  return {
    tokenId: id,
    name: `Data NFT #${id}`,
    description: nft.dataUri,
    dataUri: nft.dataUri,
    dataType: null,
    pricePerAccess: nft.accessPrice.toString(),
    subscriberCount: grants.filter((g) => g.isGranted).length,
    privacyLevel: PRIVACY_LABELS[nft.privacyLevel] ?? null,
    privacyLevelRaw: nft.privacyLevel,
    owner: nft.owner,
    isTransferable: nft.isTransferable,
  };
}
