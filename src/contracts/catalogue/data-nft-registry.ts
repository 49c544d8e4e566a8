import { constructorSpec, type ContractSpec, eventSpec, messageSpec } from '../contract-spec';
import { option, struct, T } from '../scale-type';

/** `DataNFT`, §6.2; decodes to DataNft. */
export const DATA_NFT = struct('DataNFT', [
  ['token_id', T.u128],
  ['owner', T.h160],
  ['data_uri', T.string],
  ['privacy_level', T.u8],
  ['minted_at', T.u64],
  ['access_price', T.u128],
  ['is_transferable', T.bool],
]);

const TOKEN_AND_H160 = (name: string) =>
  [
    ['token_id', T.u128],
    [name, T.h160],
  ] as const;

/** data_nft_registry, ink! v6 on pallet-revive (§6). */
export const DATA_NFT_REGISTRY_SPEC: ContractSpec = {
  name: 'dataNftRegistry',
  crate: 'data_nft_registry',
  pallet: 'revive',
  messages: [
    constructorSpec(),
    messageSpec(
      'mint',
      '0xcfdd9aa2',
      [
        ['data_uri', T.string],
        ['privacy_level', T.u8],
        ['access_price', T.u128],
        ['is_transferable', T.bool],
      ],
      T.u128,
      { mutates: true, payable: true },
    ),
    messageSpec('transfer', '0x84a15da1', TOKEN_AND_H160('to'), T.bool, { mutates: true }),
    messageSpec('approve', '0x681266a0', TOKEN_AND_H160('approved'), T.bool, { mutates: true }),
    messageSpec('grant_access', '0xdc8ccc99', TOKEN_AND_H160('grantee'), T.bool, {
      mutates: true,
      payable: true,
    }),
    messageSpec('revoke_access', '0x702cb15a', TOKEN_AND_H160('grantee'), T.bool, {
      mutates: true,
    }),
    messageSpec(
      'update_data_uri',
      '0xea92e58a',
      [
        ['token_id', T.u128],
        ['new_uri', T.string],
      ],
      T.bool,
      {
        mutates: true,
      },
    ),
    messageSpec(
      'update_access_price',
      '0x2088aea4',
      [
        ['token_id', T.u128],
        ['new_price', T.u128],
      ],
      T.bool,
      {
        mutates: true,
      },
    ),
    messageSpec('burn', '0xb1efc17b', [['token_id', T.u128]], T.bool, { mutates: true }),
    messageSpec('get_nft', '0x26443695', [['token_id', T.u128]], option(DATA_NFT)),
    messageSpec('balance_of', '0x0f755a56', [['owner', T.h160]], T.u128),
    messageSpec('get_approved', '0x27592dea', [['token_id', T.u128]], option(T.h160)),
    messageSpec('has_access', '0x07403bb3', TOKEN_AND_H160('account'), T.bool),
    messageSpec('total_supply', '0xdb6375a8', [], T.u128),
    messageSpec('get_admin', '0x57b8a8a7', [], T.h160),
  ],
  events: [
    eventSpec('NFTMinted', [
      ['token_id', T.u128, 'topic'],
      ['owner', T.h160, 'topic'],
      ['data_uri', T.string],
      ['privacy_level', T.u8],
    ]),
    eventSpec('NFTTransferred', [
      ['token_id', T.u128, 'topic'],
      ['from', T.h160, 'topic'],
      ['to', T.h160, 'topic'],
    ]),
    eventSpec('NFTApproved', [
      ['token_id', T.u128, 'topic'],
      ['owner', T.h160],
      ['approved', T.h160],
    ]),
    eventSpec('AccessGranted', [
      ['token_id', T.u128, 'topic'],
      ['grantee', T.h160, 'topic'],
      ['payment', T.u128],
    ]),
    eventSpec('AccessRevoked', [
      ['token_id', T.u128, 'topic'],
      ['grantee', T.h160, 'topic'],
    ]),
    eventSpec('DataURIUpdated', [
      ['token_id', T.u128, 'topic'],
      ['new_uri', T.string],
    ]),
    eventSpec('AccessPriceUpdated', [
      ['token_id', T.u128, 'topic'],
      ['new_price', T.u128],
    ]),
    eventSpec('NFTBurned', [
      ['token_id', T.u128, 'topic'],
      ['owner', T.h160],
    ]),
  ],
};
