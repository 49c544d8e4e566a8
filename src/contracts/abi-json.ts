/**
 * ABI JSON for Polkadot.js (`new Abi(json)`, `new ContractPromise(api, json, address)`).
 * The escrow gets the hand-written v6 metadata of the deployed contract
 * (abis/payment_escrow.v6.json), never the stale ink! 5 abis/payment_escrow.json.
 */
import aiJobQueue from '../../abis/ai_job_queue.json';
import computeProviderRegistry from '../../abis/compute_provider_registry.json';
import dataNftRegistry from '../../abis/data_nft_registry.json';
import mevProtection from '../../abis/mev_protection.json';
import paymentEscrowV6 from '../../abis/payment_escrow.v6.json';
import phalaJobProcessor from '../../abis/phala_job_processor.json';
import { getContractSpec } from './contract-catalogue';
import type { ContractName } from './types';

const ABI_JSON: Readonly<Record<ContractName, object>> = {
  aiJobQueue,
  paymentEscrow: paymentEscrowV6,
  computeProviderRegistry,
  dataNftRegistry,
  phalaJobProcessor,
  mevProtection,
};

/** A fresh copy of the contract's ABI JSON, safe for callers to keep or mutate. */
export function loadAbiJson(contract: ContractName): Record<string, unknown> {
  getContractSpec(contract);
  return structuredClone(ABI_JSON[contract]) as Record<string, unknown>;
}
