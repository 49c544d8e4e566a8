import type { ContractName } from '../../src/contracts/types';
import { aiJobQueueModel } from './ai-job-queue.model';
import type { AiJobQueueState } from './ai-job-queue.model';
import { computeProviderRegistryModel } from './compute-provider-registry.model';
import type { ComputeProviderRegistryState } from './compute-provider-registry.model';
import type { ContractModel } from './contract-model';
import { dataNftRegistryModel } from './data-nft-registry.model';
import type { DataNftRegistryState } from './data-nft-registry.model';
import { mevProtectionModel } from './mev-protection.model';
import type { MevProtectionState } from './mev-protection.model';
import { paymentEscrowModel } from './payment-escrow.model';
import type { PaymentEscrowState } from './payment-escrow.model';
import { phalaJobProcessorModel } from './phala-job-processor.model';
import type { PhalaJobProcessorState } from './phala-job-processor.model';

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
