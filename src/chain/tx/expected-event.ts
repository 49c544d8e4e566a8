import type { RawContractEvent } from '..';
import { decodeEvent, type ContractName } from '../../contracts';
import { InvalidActionError, messageLabel } from './call-input';

/**
 * The contract event that proves an action took effect: emitted by `contract`, named `eventName`,
 * by the action's own extrinsic, with `fields` (camelCase, values compared as lowercase strings).
 */
export interface ExpectedEvent {
  readonly contract: ContractName;
  readonly eventName: string;
  readonly fields: Readonly<Record<string, string>>;
}

type FieldsFrom = (args: Readonly<Record<string, unknown>>) => Record<string, unknown>;

interface Rule {
  readonly event: string;
  readonly fields: FieldsFrom;
}

const none: FieldsFrom = () => ({});
const jobId: FieldsFrom = (a) => ({ jobId: a['jobId'] });
const provider: FieldsFrom = (a) => ({ provider: a['provider'] });
const tokenId: FieldsFrom = (a) => ({ tokenId: a['tokenId'] });

/** Per `contract.message` (snake_case): the event a successful call emits (spec §3–§8). */
const RULES: Readonly<Record<string, Rule>> = {
  'aiJobQueue.submit_job': { event: 'JobSubmitted', fields: none },
  'aiJobQueue.assign_provider': {
    event: 'JobAssigned',
    fields: (a) => ({ ...jobId(a), ...provider(a) }),
  },
  'aiJobQueue.mark_in_progress': {
    event: 'JobStatusChanged',
    fields: (a) => ({ ...jobId(a), newStatus: 'InProgress' }),
  },
  'aiJobQueue.mark_completed': {
    event: 'JobCompleted',
    fields: (a) => ({ ...jobId(a), resultHash: a['resultHash'] }),
  },
  'aiJobQueue.cancel_job': { event: 'JobCancelled', fields: jobId },
  'paymentEscrow.deposit_for_job': {
    event: 'Deposited',
    fields: (a) => ({ ...jobId(a), ...provider(a) }),
  },
  'paymentEscrow.set_provider': {
    event: 'ProviderSet',
    fields: (a) => ({ ...jobId(a), ...provider(a) }),
  },
  'paymentEscrow.release_to_provider': { event: 'Released', fields: jobId },
  'paymentEscrow.refund_to_owner': { event: 'Refunded', fields: jobId },
  'computeProviderRegistry.register_provider': { event: 'ProviderRegistered', fields: none },
  'computeProviderRegistry.update_provider': { event: 'ProviderUpdated', fields: none },
  'computeProviderRegistry.set_active': {
    event: 'ProviderActiveChanged',
    fields: (a) => ({ isActive: a['isActive'] }),
  },
  'computeProviderRegistry.add_stake': { event: 'StakeAdded', fields: none },
  'computeProviderRegistry.withdraw_stake': { event: 'StakeWithdrawn', fields: none },
  'dataNftRegistry.mint': { event: 'NFTMinted', fields: none },
  'dataNftRegistry.transfer': { event: 'NFTTransferred', fields: tokenId },
  'dataNftRegistry.grant_access': { event: 'AccessGranted', fields: tokenId },
  'dataNftRegistry.revoke_access': { event: 'AccessRevoked', fields: tokenId },
  'dataNftRegistry.burn': { event: 'NFTBurned', fields: tokenId },
  'phalaJobProcessor.submit_confidential_job': { event: 'JobSubmitted', fields: none },
  'phalaJobProcessor.record_attestation': { event: 'AttestationRecorded', fields: jobId },
  'phalaJobProcessor.mark_job_processed': { event: 'JobProcessed', fields: jobId },
  'mevProtection.submit_intent': { event: 'IntentSubmitted', fields: none },
  'mevProtection.create_batch': { event: 'BatchCreated', fields: none },
  'mevProtection.execute_batch': {
    event: 'BatchExecuted',
    fields: (a) => ({ batchId: a['batchId'] }),
  },
};

/** The expected event of an action; InvalidActionError when the message has none we can check. */
export function expectedEventFor(
  contract: ContractName,
  message: string,
  args: unknown,
): ExpectedEvent {
  const label = messageLabel(contract, message);
  const rule = RULES[`${contract}.${label}`];
  if (rule === undefined) {
    throw new InvalidActionError(`${contract}.${label} emits no event the manager can confirm`);
  }
  const record = typeof args === 'object' && args !== null ? (args as Record<string, unknown>) : {};
  const fields: Record<string, string> = {};
  for (const [name, value] of Object.entries(rule.fields(record))) {
    if (value !== undefined && value !== null) {
      fields[name] = normalize(value);
    }
  }
  return { contract, eventName: rule.event, fields };
}

/** Whether one of `events` (all of one extrinsic) is the expected event. */
export function findExpectedEvent(
  events: readonly RawContractEvent[],
  expected: ExpectedEvent,
): RawContractEvent | undefined {
  return events.find((raw) => {
    if (raw.contract !== expected.contract) {
      return false;
    }
    const decoded = decodeEvent(raw.contract, raw.data, raw.topics);
    if (!decoded.ok || decoded.event.name !== expected.eventName) {
      return false;
    }
    const actual = decoded.event.fields as Readonly<Record<string, unknown>>;
    return Object.entries(expected.fields).every(
      ([name, want]) => normalize(actual[name]) === want,
    );
  });
}

function normalize(value: unknown): string {
  if (typeof value === 'bigint' || typeof value === 'number' || typeof value === 'boolean') {
    return String(value);
  }
  return typeof value === 'string' ? value.toLowerCase() : JSON.stringify(value);
}
