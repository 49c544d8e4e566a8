/**
 * Plain TypeScript shapes of the six PolkaMesh contracts' values (spec/contracts.md §3–§8).
 *
 * Conventions, shared by the codecs, the devnet models and the service:
 * - u8 / u32 -> number; u64 / u128 / U256 -> bigint (never number).
 * - H160 -> lowercase `0x` + 40 hex; AccountId -> lowercase `0x` + 64 hex (compare by bytes, not SS58).
 * - Option<T> -> T | null; Vec<T> -> T[]; unit enums -> their variant name.
 * - Struct and event fields are camelCase versions of the Rust field names.
 */

export type H160 = `0x${string}`;
export type AccountIdHex = `0x${string}`;

export type ContractName =
  | 'aiJobQueue'
  | 'paymentEscrow'
  | 'computeProviderRegistry'
  | 'dataNftRegistry'
  | 'phalaJobProcessor'
  | 'mevProtection';

export const CONTRACT_NAMES: readonly ContractName[] = [
  'aiJobQueue',
  'paymentEscrow',
  'computeProviderRegistry',
  'dataNftRegistry',
  'phalaJobProcessor',
  'mevProtection',
];

export type ContractPallet = 'revive' | 'contracts';

export const CONTRACT_PALLET: Readonly<Record<ContractName, ContractPallet>> = {
  aiJobQueue: 'revive',
  paymentEscrow: 'revive',
  computeProviderRegistry: 'revive',
  dataNftRegistry: 'revive',
  phalaJobProcessor: 'contracts',
  mevProtection: 'contracts',
};

/** Native planck -> contract units on pallet-revive (NativeToEthRatio, spec §2.2). */
export const NATIVE_TO_ETH_RATIO = 100_000_000n;

// ---- ai_job_queue (§3)
export type JobStatus = 'Registered' | 'Assigned' | 'InProgress' | 'Completed' | 'Cancelled';
export const JOB_STATUSES: readonly JobStatus[] = [
  'Registered',
  'Assigned',
  'InProgress',
  'Completed',
  'Cancelled',
];

export interface QueueJob {
  id: bigint;
  owner: H160;
  modelRef: string;
  dataRef: string;
  budget: bigint;
  status: JobStatus;
  assignedProvider: H160 | null;
  deadline: number;
  privacyRequired: boolean;
}

// ---- payment_escrow, deployed v6 layout (§4.2)
export interface Escrow {
  owner: H160;
  provider: H160 | null;
  amount: bigint;
  released: boolean;
  refunded: boolean;
}

// ---- compute_provider_registry (§5.2)
export interface ProviderProfile {
  provider: H160;
  endpoint: string;
  computeUnits: bigint;
  hourlyRate: bigint;
  registeredAt: bigint;
  isActive: boolean;
  stake: bigint;
  reputationScore: number;
}

// ---- data_nft_registry (§6.2)
export interface DataNft {
  tokenId: bigint;
  owner: H160;
  dataUri: string;
  privacyLevel: number;
  mintedAt: bigint;
  accessPrice: bigint;
  isTransferable: boolean;
}

// ---- phala_job_processor (§7.2)
export interface ConfidentialJob {
  jobId: bigint;
  owner: AccountIdHex;
  encryptedPayload: string;
  publicKey: string;
  createdAt: bigint;
  processed: boolean;
}

export interface JobAttestation {
  jobId: bigint;
  resultHash: string;
  attestationProof: string;
  teeWorkerPubkey: string;
  timestamp: bigint;
}

// ---- mev_protection (§8.2)
export type IntentStatus = 'Pending' | 'Batched' | 'Executed' | 'Failed' | 'Cancelled';
export const INTENT_STATUSES: readonly IntentStatus[] = [
  'Pending',
  'Batched',
  'Executed',
  'Failed',
  'Cancelled',
];

export interface Intent {
  intentId: bigint;
  user: AccountIdHex;
  encryptedIntent: string;
  tokenIn: string;
  tokenOut: string;
  minOutput: bigint;
  status: IntentStatus;
  createdAt: bigint;
  batchId: bigint | null;
}

export interface Batch {
  batchId: bigint;
  intentIds: bigint[];
  intentCount: number;
  totalVolume: bigint;
  executionRoute: string;
  status: IntentStatus;
  createdAt: bigint;
  executedAt: bigint | null;
}

export interface BatchResult {
  batchId: bigint;
  success: boolean;
  totalInputAmount: bigint;
  totalOutputAmount: bigint;
  executionPrice: string;
  timestamp: bigint;
}

/** `get_batch_stats` returns a tuple (intent_count, total_volume, is_executed). */
export type BatchStats = [number, bigint, boolean];

// ---- events (§3.5, §4.5, §5.5, §6.5, §7.5, §8.5)
export type ContractEvent =
  | {
      contract: 'aiJobQueue';
      name: 'JobSubmitted';
      fields: { jobId: bigint; owner: H160; budget: bigint };
    }
  | { contract: 'aiJobQueue'; name: 'JobAssigned'; fields: { jobId: bigint; provider: H160 } }
  | {
      contract: 'aiJobQueue';
      name: 'JobStatusChanged';
      fields: { jobId: bigint; newStatus: JobStatus };
    }
  | {
      contract: 'aiJobQueue';
      name: 'JobCompleted';
      fields: { jobId: bigint; provider: H160; resultHash: string };
    }
  | { contract: 'aiJobQueue'; name: 'JobCancelled'; fields: { jobId: bigint } }
  | {
      contract: 'paymentEscrow';
      name: 'Deposited';
      fields: { jobId: bigint; owner: H160; provider: H160; amount: bigint };
    }
  | {
      contract: 'paymentEscrow';
      name: 'Released';
      fields: { jobId: bigint; provider: H160; amount: bigint };
    }
  | {
      contract: 'paymentEscrow';
      name: 'Refunded';
      fields: { jobId: bigint; owner: H160; amount: bigint };
    }
  | { contract: 'paymentEscrow'; name: 'ProviderSet'; fields: { jobId: bigint; provider: H160 } }
  | {
      contract: 'computeProviderRegistry';
      name: 'ProviderRegistered';
      fields: { provider: H160; stake: bigint; computeUnits: bigint };
    }
  | {
      contract: 'computeProviderRegistry';
      name: 'ProviderUpdated';
      fields: { provider: H160; endpoint: string; hourlyRate: bigint };
    }
  | {
      contract: 'computeProviderRegistry';
      name: 'ProviderActiveChanged';
      fields: { provider: H160; isActive: boolean };
    }
  | {
      contract: 'computeProviderRegistry';
      name: 'StakeAdded';
      fields: { provider: H160; amount: bigint };
    }
  | {
      contract: 'computeProviderRegistry';
      name: 'StakeWithdrawn';
      fields: { provider: H160; amount: bigint };
    }
  | {
      contract: 'computeProviderRegistry';
      name: 'ReputationUpdated';
      fields: { provider: H160; score: number };
    }
  | {
      contract: 'dataNftRegistry';
      name: 'NFTMinted';
      fields: { tokenId: bigint; owner: H160; dataUri: string; privacyLevel: number };
    }
  | {
      contract: 'dataNftRegistry';
      name: 'NFTTransferred';
      fields: { tokenId: bigint; from: H160; to: H160 };
    }
  | {
      contract: 'dataNftRegistry';
      name: 'NFTApproved';
      fields: { tokenId: bigint; owner: H160; approved: H160 };
    }
  | {
      contract: 'dataNftRegistry';
      name: 'AccessGranted';
      fields: { tokenId: bigint; grantee: H160; payment: bigint };
    }
  | {
      contract: 'dataNftRegistry';
      name: 'AccessRevoked';
      fields: { tokenId: bigint; grantee: H160 };
    }
  | {
      contract: 'dataNftRegistry';
      name: 'DataURIUpdated';
      fields: { tokenId: bigint; newUri: string };
    }
  | {
      contract: 'dataNftRegistry';
      name: 'AccessPriceUpdated';
      fields: { tokenId: bigint; newPrice: bigint };
    }
  | { contract: 'dataNftRegistry'; name: 'NFTBurned'; fields: { tokenId: bigint; owner: H160 } }
  | { contract: 'phalaJobProcessor'; name: 'JobSubmitted'; fields: { jobId: bigint } }
  | { contract: 'phalaJobProcessor'; name: 'AttestationRecorded'; fields: { jobId: bigint } }
  | { contract: 'phalaJobProcessor'; name: 'JobProcessed'; fields: { jobId: bigint } }
  | { contract: 'mevProtection'; name: 'IntentSubmitted'; fields: { intentId: bigint } }
  | { contract: 'mevProtection'; name: 'BatchCreated'; fields: { batchId: bigint } }
  | { contract: 'mevProtection'; name: 'BatchExecuted'; fields: { batchId: bigint } };

export type ContractEventName = ContractEvent['name'];
