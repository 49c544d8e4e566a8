export * from './chain-client';
export * from './chain-client-config';
export * from './contract-address-book';
export * from './logger';
export { prettyPinoStream, resolveLogFormat, type LogFormat } from './pretty-log-line';
export {
  PolkadotChainClient,
  type PolkadotChainClientDeps,
} from './polkadot/polkadot-chain-client';
