import type { DataNft, H160 } from '../../src/contracts';
import {
  U128_MAX,
  U128_OVERFLOW_TRAP,
  returned,
  saturatingAdd,
  saturatingSub,
  trapped,
  valueAsU128,
  type ContractModel,
} from './contract-model';
import { defineModel, messageBuilder } from './define-model';

/** Storage of `data_nft_registry` (spec §6.3). */
export interface DataNftRegistryState {
  admin: H160;
  /** really the last minted token ID; never decremented */
  totalSupply: bigint;
  nfts: Map<bigint, DataNft>;
  ownerNftCount: Map<H160, bigint>;
  approvals: Map<bigint, H160>;
  /** `granted_access[(token_id, grantee)]`, keyed by `grantKey()` */
  grantedAccess: Set<string>;
}

/** The key of one `granted_access` entry in `DataNftRegistryState.grantedAccess`. */
export function grantKey(tokenId: bigint, grantee: H160): string {
  return `${tokenId}:${grantee}`;
}

const m = messageBuilder<DataNftRegistryState>();

/**
 * `data_nft_registry` (spec §6). Every payment is kept by the contract; approvals have no effect on
 * `transfer`; burn leaves approvals and grants behind, so `has_access` stays true (§6.6).
 */
export const dataNftRegistryModel: ContractModel<DataNftRegistryState> =
  defineModel<DataNftRegistryState>({
    name: 'dataNftRegistry',
    genesis: (admin) => ({
      admin,
      totalSupply: 0n,
      nfts: new Map(),
      ownerNftCount: new Map(),
      approvals: new Map(),
      grantedAccess: new Set(),
    }),
    messages: {
      mint: m.payable(
        { dataUri: 'string', privacyLevel: 'u8', accessPrice: 'u128', isTransferable: 'bool' },
        (s, a, ctx) => {
          // the transferred value is ignored and kept (§6.6.4)
          const owner = ctx.caller;
          const tokenId = saturatingAdd(s.totalSupply, 1n, U128_MAX);
          s.nfts.set(tokenId, {
            tokenId,
            owner,
            dataUri: a.dataUri,
            privacyLevel: a.privacyLevel,
            mintedAt: ctx.timestamp,
            accessPrice: a.accessPrice,
            isTransferable: a.isTransferable,
          });
          addToCount(s, owner, 1n);
          s.totalSupply = tokenId;
          return returned(tokenId, [
            {
              contract: 'dataNftRegistry',
              name: 'NFTMinted',
              fields: { tokenId, owner, dataUri: a.dataUri, privacyLevel: a.privacyLevel },
            },
          ]);
        },
      ),

      transfer: m.plain({ tokenId: 'u128', to: 'h160' }, (s, a, ctx) => {
        const nft = s.nfts.get(a.tokenId);
        // approvals are not honoured: only the owner may transfer (§6.6.2)
        if (nft === undefined || nft.owner !== ctx.caller || !nft.isTransferable) {
          return returned(false);
        }
        const from = nft.owner;
        addToCount(s, from, -1n);
        addToCount(s, a.to, 1n);
        nft.owner = a.to;
        s.approvals.delete(a.tokenId); // grants survive the transfer
        return returned(true, [
          {
            contract: 'dataNftRegistry',
            name: 'NFTTransferred',
            fields: { tokenId: a.tokenId, from, to: a.to },
          },
        ]);
      }),

      approve: m.plain({ tokenId: 'u128', approved: 'h160' }, (s, a, ctx) => {
        const nft = s.nfts.get(a.tokenId);
        if (nft === undefined || nft.owner !== ctx.caller) {
          return returned(false);
        }
        s.approvals.set(a.tokenId, a.approved);
        return returned(true, [
          {
            contract: 'dataNftRegistry',
            name: 'NFTApproved',
            fields: { tokenId: a.tokenId, owner: nft.owner, approved: a.approved },
          },
        ]);
      }),

      grant_access: m.payable({ tokenId: 'u128', grantee: 'h160' }, (s, a, ctx) => {
        const payment = valueAsU128(ctx);
        if (payment === null) {
          return trapped(U128_OVERFLOW_TRAP);
        }
        const nft = s.nfts.get(a.tokenId);
        if (nft === undefined || nft.owner !== ctx.caller || payment < nft.accessPrice) {
          return returned(false);
        }
        s.grantedAccess.add(grantKey(a.tokenId, a.grantee));
        return returned(true, [
          {
            contract: 'dataNftRegistry',
            name: 'AccessGranted',
            fields: { tokenId: a.tokenId, grantee: a.grantee, payment },
          },
        ]);
      }),

      revoke_access: m.plain({ tokenId: 'u128', grantee: 'h160' }, (s, a, ctx) => {
        const nft = s.nfts.get(a.tokenId);
        if (nft === undefined || (nft.owner !== ctx.caller && ctx.caller !== s.admin)) {
          return returned(false);
        }
        s.grantedAccess.delete(grantKey(a.tokenId, a.grantee)); // emits even with no entry
        return returned(true, [
          {
            contract: 'dataNftRegistry',
            name: 'AccessRevoked',
            fields: { tokenId: a.tokenId, grantee: a.grantee },
          },
        ]);
      }),

      update_data_uri: m.plain({ tokenId: 'u128', newUri: 'string' }, (s, a, ctx) => {
        const nft = s.nfts.get(a.tokenId);
        if (nft === undefined || nft.owner !== ctx.caller) {
          return returned(false);
        }
        nft.dataUri = a.newUri;
        return returned(true, [
          {
            contract: 'dataNftRegistry',
            name: 'DataURIUpdated',
            fields: { tokenId: a.tokenId, newUri: a.newUri },
          },
        ]);
      }),

      update_access_price: m.plain({ tokenId: 'u128', newPrice: 'u128' }, (s, a, ctx) => {
        const nft = s.nfts.get(a.tokenId);
        if (nft === undefined || nft.owner !== ctx.caller) {
          return returned(false);
        }
        nft.accessPrice = a.newPrice;
        return returned(true, [
          {
            contract: 'dataNftRegistry',
            name: 'AccessPriceUpdated',
            fields: { tokenId: a.tokenId, newPrice: a.newPrice },
          },
        ]);
      }),

      burn: m.plain({ tokenId: 'u128' }, (s, a, ctx) => {
        const nft = s.nfts.get(a.tokenId);
        if (nft === undefined || (nft.owner !== ctx.caller && ctx.caller !== s.admin)) {
          return returned(false);
        }
        s.nfts.delete(a.tokenId); // approvals and grants stay (§6.6.3)
        addToCount(s, nft.owner, -1n);
        return returned(true, [
          {
            contract: 'dataNftRegistry',
            name: 'NFTBurned',
            fields: { tokenId: a.tokenId, owner: nft.owner },
          },
        ]);
      }),

      get_nft: m.plain({ tokenId: 'u128' }, (s, a) => {
        const nft = s.nfts.get(a.tokenId);
        return returned(nft === undefined ? null : { ...nft });
      }),

      balance_of: m.plain({ owner: 'h160' }, (s, a) =>
        returned(s.ownerNftCount.get(a.owner) ?? 0n),
      ),

      get_approved: m.plain({ tokenId: 'u128' }, (s, a) =>
        returned(s.approvals.get(a.tokenId) ?? null),
      ),

      has_access: m.plain({ tokenId: 'u128', account: 'h160' }, (s, a) => {
        const isOwner = s.nfts.get(a.tokenId)?.owner === a.account;
        return returned(isOwner || s.grantedAccess.has(grantKey(a.tokenId, a.account)));
      }),

      total_supply: m.plain({}, (s) => returned(s.totalSupply)),

      get_admin: m.plain({}, (s) => returned(s.admin)),
    },
  });

/** Adjusts `owner_nft_count` with saturating u128 arithmetic. */
function addToCount(s: DataNftRegistryState, owner: H160, delta: 1n | -1n): void {
  const count = s.ownerNftCount.get(owner) ?? 0n;
  const next = delta > 0n ? saturatingAdd(count, delta, U128_MAX) : saturatingSub(count, -delta);
  s.ownerNftCount.set(owner, next);
}
