import type { ProjectionRepository, ProjectedNftWithGrants } from '../../projections';
import { planckPrice } from '../bodies/planck-price';
import type { FrontendDataNftsBody } from '../dto/frontend.dto';
import { enumerateIds, type EventReads } from './stored-events';

type Reads = Pick<ProjectionRepository, 'getNftWithGrants'>;
type Item = FrontendDataNftsBody['dataNfts'][number];

/** The frontend's labels; nothing on-chain defines them (spec §3.5: 0, 1, 2). */
const PRIVACY_LABELS = ['Public', 'Private', 'Confidential'] as const;

/**
 * /api/data-nfts: live data NFTs in the marketplace's shape, under `dataNfts` and `nfts` (§3.5).
 * Prices in planck (`access_price` is compared against contract units); a field that is not known
 * is left out, never `null`.
 */
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
  const dataType = dataUriMediaType(nft.dataUri);
  const privacyLevel = PRIVACY_LABELS[nft.privacyLevel];
  return {
    tokenId: id,
    name: `Data NFT #${id}`,
    description: nft.dataUri,
    dataUri: nft.dataUri,
    ...(dataType !== null && { dataType }),
    pricePerAccess: planckPrice(nft.accessPrice),
    accessPrice: nft.accessPrice.toString(),
    subscriberCount: grants.filter((g) => g.isGranted).length,
    ...(privacyLevel !== undefined && { privacyLevel }),
    privacyLevelRaw: nft.privacyLevel,
    owner: nft.owner,
    isTransferable: nft.isTransferable,
  };
}

/** The media type a `data:` URI names (RFC 2397), e.g. `image/png`; null for anything else. */
export function dataUriMediaType(uri: string): string | null {
  const match = /^data:([a-z0-9!#$&^_.+-]+\/[a-z0-9!#$&^_.+-]+)[;,]/i.exec(uri);
  return match?.[1]?.toLowerCase() ?? null;
}
