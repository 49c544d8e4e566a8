export * from './http-fetcher';
export * from './nft-access';
export * from './data-resolver';
export * from './ip-address-policy';
export * from './safe-https-fetcher';
export * from './https-transport';
export { nodeHttpsTransport } from './adapters/node-https-transport';
export { systemHostResolver } from './adapters/system-host-resolver';
