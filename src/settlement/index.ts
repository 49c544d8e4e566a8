export * from './settlement-call';
export * from './settlement-call-service';
export * from './settlement-extrinsics';
export {
  PolkadotSettlementExtrinsics,
  type PolkadotSettlementExtrinsicsConfig,
} from './polkadot/settlement-extrinsics';
