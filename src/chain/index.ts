export * from './chain-client';
export * from './chain-client-config';
export * from './contract-address-book';
export { retryableWsProvider } from './polkadot/retryable-ws-provider';
export {
  PolkadotChainClient,
  type PolkadotChainClientDeps,
} from './polkadot/polkadot-chain-client';
