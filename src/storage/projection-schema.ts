import type {
  Int8Column,
  IntColumn,
  NullableInt8Column,
  NullableIntColumn,
} from './schema-columns';

/** Kysely row types of the projection tables (migration 0004); see schema.ts for the column types. */

interface UpdatedColumns {
  updated_block: Int8Column;
  updated_seq: IntColumn;
}

export interface QueueJobsTable extends UpdatedColumns {
  job_id: string;
  owner: string;
  model_ref: string;
  data_ref: string;
  budget: string;
  status: string;
  assigned_provider: string | null;
  deadline: Int8Column;
  privacy_required: IntColumn;
  result_hash: string | null;
  completed_by: string | null;
  cancel_count: IntColumn;
  submitted_block: NullableInt8Column;
}

export interface EscrowsTable extends UpdatedColumns {
  job_id: string;
  owner: string;
  provider: string | null;
  amount: string;
  released: IntColumn;
  refunded: IntColumn;
  deposited_block: NullableInt8Column;
}

export interface ProvidersTable extends UpdatedColumns {
  provider: string;
  endpoint: string;
  compute_units: string;
  hourly_rate: string;
  registered_at: Int8Column;
  is_active: IntColumn;
  stake: string;
  reputation_score: Int8Column;
  registered_block: NullableInt8Column;
}

export interface DataNftsTable extends UpdatedColumns {
  token_id: string;
  owner: string;
  data_uri: string;
  privacy_level: IntColumn;
  minted_at: Int8Column;
  access_price: string;
  is_transferable: IntColumn;
  approved: string | null;
  is_burned: IntColumn;
  minted_block: NullableInt8Column;
}

export interface NftAccessGrantsTable extends UpdatedColumns {
  token_id: string;
  grantee: string;
  is_granted: IntColumn;
  last_payment: string;
  granted_block: NullableInt8Column;
  revoked_block: NullableInt8Column;
}

export interface ConfidentialJobsTable extends UpdatedColumns {
  cid: string;
  owner: string;
  encrypted_payload: string;
  public_key: string;
  created_at: Int8Column;
  processed: IntColumn;
  attestation_result_hash: string | null;
  attestation_proof: string | null;
  attestation_worker_pubkey: string | null;
  attestation_timestamp: NullableInt8Column;
  attestation_count: IntColumn;
  queue_job_id: string | null;
  submitted_block: NullableInt8Column;
}

export interface MevIntentsTable extends UpdatedColumns {
  intent_id: string;
  user_account: string;
  encrypted_intent: string;
  token_in: string;
  token_out: string;
  min_output: string;
  status: string;
  created_at: Int8Column;
  batch_id: string | null;
  submitted_block: NullableInt8Column;
}

export interface MevBatchesTable extends UpdatedColumns {
  batch_id: string;
  /** JSON array of decimal strings. */
  intent_ids: string;
  intent_count: Int8Column;
  total_volume: string;
  execution_route: string;
  status: string;
  created_at: Int8Column;
  executed_at: NullableInt8Column;
  result_success: NullableIntColumn;
  result_total_input: string | null;
  result_total_output: string | null;
  result_execution_price: string | null;
  result_timestamp: NullableInt8Column;
  execution_count: IntColumn;
  created_block: NullableInt8Column;
}

export interface ProjectionTables {
  queue_jobs: QueueJobsTable;
  escrows: EscrowsTable;
  providers: ProvidersTable;
  data_nfts: DataNftsTable;
  nft_access_grants: NftAccessGrantsTable;
  confidential_jobs: ConfidentialJobsTable;
  mev_intents: MevIntentsTable;
  mev_batches: MevBatchesTable;
}
