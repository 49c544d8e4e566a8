import type { ColumnType } from 'kysely';
import type { ProjectionTables } from './projection-schema';
import type {
  Int8Column,
  IntColumn,
  NullableInt8Column,
  NullableIntColumn,
  TimestampColumn,
} from './schema-columns';

/**
 * Kysely schema of the service's tables (snake_case, plural), shared by SQLite and PostgreSQL.
 *
 * Read types are deliberately wide because the two drivers differ: PostgreSQL returns `bigint`
 * (int8) columns as strings and `timestamptz` as `Date`; SQLite (opened with safe integers) returns
 * every integer as `bigint` and timestamps as ISO-8601 text. Repositories narrow them with the
 * helpers in `sql-values.ts`; nothing outside `src/storage` sees these row types.
 */

export interface ChainCursorsTable {
  lane: string;
  block_number: Int8Column;
  block_hash: string;
  version: IntColumn;
  updated_at: TimestampColumn;
}

export interface ChainEventsTable {
  id: string;
  is_final: IntColumn;
  block_number: Int8Column;
  block_hash: string;
  event_index: IntColumn;
  extrinsic_index: NullableIntColumn;
  pallet: string;
  contract: string;
  contract_address: string;
  event_name: string;
  /** JSON array of lowercase hex topics. */
  topics: string;
  data_hex: string;
  /** JSON of the decoded event; bigints are decimal strings. */
  decoded: string;
  created_at: TimestampColumn;
}

export interface QuarantinedEventsTable {
  id: string;
  is_final: IntColumn;
  block_number: Int8Column;
  block_hash: string;
  event_index: IntColumn;
  extrinsic_index: NullableIntColumn;
  pallet: string;
  contract_address: string;
  reason: string;
  topics: string;
  data_hex: string;
  created_at: TimestampColumn;
}

export interface ChainActionsTable {
  id: string;
  idempotency_key: string;
  contract: string;
  message: string;
  /** JSON of the message arguments; bigints are decimal strings. */
  args: string;
  /** Native value sent with the call (u128), decimal text. */
  value: string;
  signer_role: string;
  status: string;
  attempts: IntColumn;
  last_error: string | null;
  tx_hash: string | null;
  included_block_number: NullableInt8Column;
  included_block_hash: string | null;
  finalized_block_hash: string | null;
  created_at: TimestampColumn;
  updated_at: TimestampColumn;
  next_attempt_at: TimestampColumn;
  /** 0004: write-ahead record of the signed transaction (all null until the first signature). */
  signer_address: string | null;
  tx_nonce: NullableInt8Column;
  /** The signed extrinsic, `0x` hex (public data: it is what goes on-chain). */
  tx_bytes: string | null;
  era_birth: NullableInt8Column;
  era_death: NullableInt8Column;
  /** ISO-8601 UTC text on both dialects. */
  signed_at: string | null;
}

export interface JobWorkTable {
  queue_job_id: string;
  provider: string;
  owner: string;
  model_ref: string;
  data_ref: string;
  budget: string;
  deadline_block: Int8Column;
  privacy_required: IntColumn;
  confidential_id: string | null;
  state: string;
  attempts: IntColumn;
  next_attempt_at: TimestampColumn;
  reason: string | null;
  input_digest: string | null;
  /** JSON of WorkResult. */
  result: string | null;
  /** JSON of the signed attestation. */
  attestation: string | null;
  settlement: string;
  settlement_reason: string | null;
  follow_up_done: IntColumn;
  discovered_at: TimestampColumn;
  updated_at: TimestampColumn;
  finished_at: ColumnType<Date | string | null, string | null, string | null>;
}

export interface JobWorkEventsTable {
  id: string;
  queue_job_id: string;
  stage: string;
  at: TimestampColumn;
  detail: string | null;
}

/** Named leases (several instances on one database); times are database-clock epoch ms. */
export interface LeasesTable {
  name: string;
  holder: string;
  token: Int8Column;
  acquired_at_ms: Int8Column;
  expires_at_ms: Int8Column;
}

export interface DatabaseSchema extends ProjectionTables {
  job_work: JobWorkTable;
  job_work_events: JobWorkEventsTable;
  chain_cursors: ChainCursorsTable;
  chain_events: ChainEventsTable;
  quarantined_events: QuarantinedEventsTable;
  chain_actions: ChainActionsTable;
  leases: LeasesTable;
  provider_settings: ProviderSettingsTable;
}

/** 0008: the operator's overrides of PROVIDER_* (null = config) and the last registry action. */
export interface ProviderSettingsTable {
  provider: string;
  endpoint: string | null;
  hourly_rate: string | null;
  active: NullableIntColumn;
  last_action_key: string | null;
  updated_at: TimestampColumn;
}
