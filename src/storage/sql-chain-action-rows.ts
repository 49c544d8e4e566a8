import type { Selectable } from 'kysely';
import {
  CHAIN_ACTION_STATUSES,
  type ChainAction,
  type ChainActionStatus,
  type SignedTxRecord,
} from '../chain/tx';
import { InvalidStorageValueError } from '../shared';
import type { ChainActionsTable } from './schema';
import { decodeJson, fromTimestamp, toBigInt, toContractName, toInt } from './sql-values';

/** `chain_actions` rows as ChainActions (the row types are wide; see schema.ts). */

export function toStatus(value: string): ChainActionStatus {
  const status = CHAIN_ACTION_STATUSES.find((known) => known === value);
  if (status === undefined) {
    throw new InvalidStorageValueError('unknown chain action status in storage', { status: value });
  }
  return status;
}

export function toChainAction(row: Selectable<ChainActionsTable>): ChainAction {
  const includedIn =
    row.included_block_number === null || row.included_block_hash === null
      ? null
      : {
          number: toBigInt(row.included_block_number, 'included_block_number'),
          hash: row.included_block_hash,
        };
  return {
    id: row.id,
    idempotencyKey: row.idempotency_key,
    contract: toContractName(row.contract),
    message: row.message,
    args: decodeJson(row.args),
    value: toBigInt(row.value, 'value'),
    signerRole: row.signer_role,
    status: toStatus(row.status),
    attempts: toInt(row.attempts, 'attempts'),
    lastError: row.last_error,
    txHash: row.tx_hash,
    includedIn,
    finalizedBlockHash: row.finalized_block_hash,
    createdAt: fromTimestamp(row.created_at, 'created_at'),
    updatedAt: fromTimestamp(row.updated_at, 'updated_at'),
    nextAttemptAt: fromTimestamp(row.next_attempt_at, 'next_attempt_at'),
    signedTx: toSignedTx(row),
  };
}

function toSignedTx(row: Selectable<ChainActionsTable>): SignedTxRecord | null {
  const { tx_hash, tx_bytes, signer_address, tx_nonce, era_birth, era_death, signed_at } = row;
  if (
    tx_hash === null ||
    tx_bytes === null ||
    signer_address === null ||
    tx_nonce === null ||
    era_birth === null ||
    era_death === null ||
    signed_at === null
  ) {
    return null;
  }
  return {
    txHash: tx_hash,
    bytes: tx_bytes,
    signerAddress: signer_address,
    nonce: toBigInt(tx_nonce, 'tx_nonce'),
    eraBirth: toBigInt(era_birth, 'era_birth'),
    eraDeath: toBigInt(era_death, 'era_death'),
    signedAt: fromTimestamp(signed_at, 'signed_at'),
  };
}
