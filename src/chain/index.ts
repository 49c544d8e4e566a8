export * from './chain-client';
export * from './chain-client-config';
export * from './contract-address-book';
export { uncachedWsProvider } from './polkadot/uncached-ws-provider';
export {
  PolkadotChainClient,
  type PolkadotChainClientDeps,
} from './polkadot/polkadot-chain-client';
