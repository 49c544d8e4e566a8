export * from './follow-up-plan';
export * from './job-admission';
export * from './job-attestor';
export * from './job-engine';
export * from './job-engine-config';
export * from './job-engine-ports';
export * from './job-follow-up';
export * from './job-operator';
export * from './job-runner';
export * from './job-work';
export * from './sandbox-job-runner';
export * from './projection-confidential-payloads';
export * from './settlement-call';
export * from './settlement-call-service';
export * from './retry-policy';
export {
  PolkadotSettlementExtrinsics,
  type PolkadotSettlementExtrinsicsConfig,
} from './polkadot/settlement-extrinsics';
