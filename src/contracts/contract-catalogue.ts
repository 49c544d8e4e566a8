/**
 * The catalogue of all six contracts, keyed by ContractName, with lookups by message name,
 * selector, event name and signature topic.
 */
import { u8aToHex } from '@polkadot/util';
import { AI_JOB_QUEUE_SPEC } from './catalogue/ai-job-queue';
import { COMPUTE_PROVIDER_REGISTRY_SPEC } from './catalogue/compute-provider-registry';
import { DATA_NFT_REGISTRY_SPEC } from './catalogue/data-nft-registry';
import { MEV_PROTECTION_SPEC } from './catalogue/mev-protection';
import { PAYMENT_ESCROW_SPEC } from './catalogue/payment-escrow';
import { PHALA_JOB_PROCESSOR_SPEC } from './catalogue/phala-job-processor';
import { ContractCodecError } from './contract-codec-error';
import type { ContractSpec, EventSpec, MessageSpec } from './contract-spec';
import { camelCase } from './scale-type';
import { CONTRACT_NAMES, type ContractName } from './types';

export const CONTRACT_SPECS: Readonly<Record<ContractName, ContractSpec>> = {
  aiJobQueue: AI_JOB_QUEUE_SPEC,
  paymentEscrow: PAYMENT_ESCROW_SPEC,
  computeProviderRegistry: COMPUTE_PROVIDER_REGISTRY_SPEC,
  dataNftRegistry: DATA_NFT_REGISTRY_SPEC,
  phalaJobProcessor: PHALA_JOB_PROCESSOR_SPEC,
  mevProtection: MEV_PROTECTION_SPEC,
};

export function isContractName(value: unknown): value is ContractName {
  return typeof value === 'string' && (CONTRACT_NAMES as readonly string[]).includes(value);
}

/** The catalogue entry of a contract; throws for an unknown name. */
export function getContractSpec(contract: ContractName): ContractSpec {
  if (!isContractName(contract)) {
    throw new ContractCodecError(
      `unknown contract ${JSON.stringify(contract)} (expected ${CONTRACT_NAMES.join(', ')})`,
    );
  }
  return CONTRACT_SPECS[contract];
}

/** A message or constructor by its snake_case ABI label (`submit_job`) or camelCase (`submitJob`). */
export function getMessageSpec(contract: ContractName, message: string): MessageSpec {
  const spec = getContractSpec(contract);
  const found = spec.messages.find((m) => m.name === message || camelCase(m.name) === message);
  if (!found) {
    const names = spec.messages.map((m) => m.name).join(', ');
    throw new ContractCodecError(
      `${contract} has no message ${JSON.stringify(message)} (known: ${names})`,
    );
  }
  return found;
}

/** The message (never a constructor) with this 4-byte selector, if any. */
export function findMessageBySelector(
  contract: ContractName,
  selector: Uint8Array,
): MessageSpec | undefined {
  const hex = u8aToHex(selector);
  return getContractSpec(contract).messages.find((m) => !m.isConstructor && m.selector === hex);
}

export function getEventSpec(contract: ContractName, name: string): EventSpec {
  const found = getContractSpec(contract).events.find((e) => e.name === name);
  if (!found) {
    throw new ContractCodecError(`${contract} has no event ${JSON.stringify(name)}`);
  }
  return found;
}

export function findEventByTopic(contract: ContractName, topic: string): EventSpec | undefined {
  return getContractSpec(contract).events.find((e) => e.signatureTopic === topic);
}
