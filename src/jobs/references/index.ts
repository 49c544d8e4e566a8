export * from './http-fetcher';
export * from './nft-access';
export * from './data-resolver';
export * from './ip-address-policy';
export * from './safe-https-fetcher';
export type { HttpsTransport, TransportRequest, TransportResponse } from './node-https-transport';
