export * from './chain-client';
export * from './chain-client-config';
export * from './contract-address-book';
export * from './logger';
export {
  PolkadotChainClient,
  type PolkadotChainClientDeps,
} from './polkadot/polkadot-chain-client';
