import type { Option, Struct } from '@polkadot/types-codec';
import { toPlain } from './contract-gateway';
import type { MintDataNftInput, RegisterProviderInput, UserWallet } from './user-wallet';

/**
 * The demo's standing records (a provider, a data NFT and its grant) are put on-chain once: a later
 * run on the same chain (a restart of `npm start` with the same devnet state file) finds them and
 * sends nothing. Each returns the block hash of what it sent, or undefined when nothing was needed.
 */

/** Registers `provider` unless the registry already has it. */
export async function ensureProviderRegistered(
  provider: UserWallet,
  input: RegisterProviderInput,
): Promise<string | undefined> {
  const profile = await provider.read('computeProviderRegistry', 'getProvider', provider.h160);
  if (!profile.isEmpty) {
    return undefined;
  }
  return (await provider.registerProvider(input)).blockHash;
}

/** How many of the newest tokens are searched for the owner's demo NFT before minting another. */
const NFT_SEARCH = 1000n;

/** The owner's live NFT with `input.dataUri`, newest first, or a new one minted with `input`. */
export async function ensureDataNft(
  owner: UserWallet,
  input: MintDataNftInput,
): Promise<{ id: bigint; blockHash?: string }> {
  const owned = toPlain(await owner.read('dataNftRegistry', 'balanceOf', owner.h160)) as bigint;
  if (owned > 0n) {
    const supply = toPlain(await owner.read('dataNftRegistry', 'totalSupply')) as bigint;
    const oldest = supply > NFT_SEARCH ? supply - NFT_SEARCH + 1n : 1n;
    for (let id = supply; id >= oldest; id--) {
      const nft = (await owner.read('dataNftRegistry', 'getNft', id)) as Option<Struct>;
      if (
        nft.isSome &&
        toPlain(nft.unwrap().get('owner')!) === owner.h160 &&
        toPlain(nft.unwrap().get('dataUri')!) === input.dataUri
      ) {
        return { id };
      }
    }
  }
  const minted = await owner.mintDataNft(input);
  return { id: minted.id, blockHash: minted.blockHash };
}

/** Grants `granteeH160` access to the owner's token unless it has access already. */
export async function ensureAccessGranted(
  owner: UserWallet,
  tokenId: bigint,
  granteeH160: string,
  paymentPlanck: bigint,
): Promise<string | undefined> {
  if (toPlain(await owner.read('dataNftRegistry', 'hasAccess', tokenId, granteeH160)) === true) {
    return undefined;
  }
  return (await owner.grantAccess(tokenId, granteeH160, paymentPlanck)).blockHash;
}
