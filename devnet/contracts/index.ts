import type { ContractName } from '../../src/contracts';
import { aiJobQueueModel, type AiJobQueueState } from './ai-job-queue.model';
import {
  computeProviderRegistryModel,
  type ComputeProviderRegistryState,
} from './compute-provider-registry.model';
import type { ContractModel } from './contract-model';
import { dataNftRegistryModel, type DataNftRegistryState } from './data-nft-registry.model';
import { mevProtectionModel, type MevProtectionState } from './mev-protection.model';
import { paymentEscrowModel, type PaymentEscrowState } from './payment-escrow.model';
import { phalaJobProcessorModel, type PhalaJobProcessorState } from './phala-job-processor.model';

export type { CallContext, CallOutcome, ContractModel } from './contract-model';
export { PAID_UNPAYABLE_TRAP, U128_OVERFLOW_TRAP } from './contract-model';
export { AI_JOB_QUEUE_MIN_BUDGET, aiJobQueueModel } from './ai-job-queue.model';
export type { AiJobQueueState } from './ai-job-queue.model';
export { paymentEscrowModel } from './payment-escrow.model';
export type { PaymentEscrowState } from './payment-escrow.model';
export {
  PROVIDER_REGISTRY_MIN_STAKE,
  computeProviderRegistryModel,
} from './compute-provider-registry.model';
export type { ComputeProviderRegistryState } from './compute-provider-registry.model';
export { dataNftRegistryModel, grantKey } from './data-nft-registry.model';
export type { DataNftRegistryState } from './data-nft-registry.model';
export { phalaJobProcessorModel } from './phala-job-processor.model';
export type { PhalaJobProcessorState } from './phala-job-processor.model';
export {
  MEV_DEFAULT_BATCH_SIZE,
  MEV_DEFAULT_MIN_BATCH_SIZE,
  mevProtectionModel,
} from './mev-protection.model';
export type { MevProtectionState } from './mev-protection.model';

/** The state type of each contract model. */
export interface ContractStates {
  aiJobQueue: AiJobQueueState;
  paymentEscrow: PaymentEscrowState;
  computeProviderRegistry: ComputeProviderRegistryState;
  dataNftRegistry: DataNftRegistryState;
  phalaJobProcessor: PhalaJobProcessorState;
  mevProtection: MevProtectionState;
}

/** Any contract's state. */
export type AnyContractState = ContractStates[ContractName];

/** The six PolkaMesh contract models, by contract name. */
export const CONTRACT_MODELS: { readonly [K in ContractName]: ContractModel<ContractStates[K]> } = {
  aiJobQueue: aiJobQueueModel,
  paymentEscrow: paymentEscrowModel,
  computeProviderRegistry: computeProviderRegistryModel,
  dataNftRegistry: dataNftRegistryModel,
  phalaJobProcessor: phalaJobProcessorModel,
  mevProtection: mevProtectionModel,
};
