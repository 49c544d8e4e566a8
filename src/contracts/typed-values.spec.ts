/**
 * Ties the catalogue to the shapes in types.ts: every literal below is type-checked by `tsc`
 * against types.ts and must encode and decode unchanged through the catalogue-driven codecs.
 */
import { CONTRACT_SPECS } from './contract-catalogue';
import { decodeEvent, encodeEvent } from './event-codec';
import { decodeReturn, encodeReturn } from './return-codec';
import type {
  Batch,
  BatchResult,
  BatchStats,
  ConfidentialJob,
  ContractEvent,
  DataNft,
  Escrow,
  Intent,
  JobAttestation,
  ProviderProfile,
  QueueJob,
} from './types';
import { CONTRACT_NAMES } from './types';

const A = '0x9621dde636de098b43efb0fa9b61facfe328f99d';
const B = '0x1111111111111111111111111111111111111111';
const ALICE = '0xd43593c715fdd31c61141abd04a99fd6822c8558854ccde39a5684e7a56da27d';

const EVENTS: ContractEvent[] = [
  {
    contract: 'aiJobQueue',
    name: 'JobSubmitted',
    fields: { jobId: 1n, owner: A, budget: 10n ** 18n },
  },
  { contract: 'aiJobQueue', name: 'JobAssigned', fields: { jobId: 1n, provider: B } },
  {
    contract: 'aiJobQueue',
    name: 'JobStatusChanged',
    fields: { jobId: 1n, newStatus: 'InProgress' },
  },
  {
    contract: 'aiJobQueue',
    name: 'JobCompleted',
    fields: { jobId: 1n, provider: B, resultHash: 'sha256:ab' },
  },
  { contract: 'aiJobQueue', name: 'JobCancelled', fields: { jobId: 2n } },
  {
    contract: 'paymentEscrow',
    name: 'Deposited',
    fields: { jobId: 1n, owner: A, provider: B, amount: 5n },
  },
  { contract: 'paymentEscrow', name: 'Released', fields: { jobId: 1n, provider: B, amount: 5n } },
  { contract: 'paymentEscrow', name: 'Refunded', fields: { jobId: 1n, owner: A, amount: 5n } },
  { contract: 'paymentEscrow', name: 'ProviderSet', fields: { jobId: 1n, provider: B } },
  {
    contract: 'computeProviderRegistry',
    name: 'ProviderRegistered',
    fields: { provider: B, stake: 500n, computeUnits: 8n },
  },
  {
    contract: 'computeProviderRegistry',
    name: 'ProviderUpdated',
    fields: { provider: B, endpoint: 'https://p', hourlyRate: 3n },
  },
  {
    contract: 'computeProviderRegistry',
    name: 'ProviderActiveChanged',
    fields: { provider: B, isActive: false },
  },
  { contract: 'computeProviderRegistry', name: 'StakeAdded', fields: { provider: B, amount: 1n } },
  {
    contract: 'computeProviderRegistry',
    name: 'StakeWithdrawn',
    fields: { provider: B, amount: 1n },
  },
  {
    contract: 'computeProviderRegistry',
    name: 'ReputationUpdated',
    fields: { provider: B, score: 99 },
  },
  {
    contract: 'dataNftRegistry',
    name: 'NFTMinted',
    fields: { tokenId: 1n, owner: A, dataUri: 'ipfs://x', privacyLevel: 2 },
  },
  { contract: 'dataNftRegistry', name: 'NFTTransferred', fields: { tokenId: 1n, from: A, to: B } },
  {
    contract: 'dataNftRegistry',
    name: 'NFTApproved',
    fields: { tokenId: 1n, owner: A, approved: B },
  },
  {
    contract: 'dataNftRegistry',
    name: 'AccessGranted',
    fields: { tokenId: 1n, grantee: B, payment: 7n },
  },
  { contract: 'dataNftRegistry', name: 'AccessRevoked', fields: { tokenId: 1n, grantee: B } },
  {
    contract: 'dataNftRegistry',
    name: 'DataURIUpdated',
    fields: { tokenId: 1n, newUri: 'ipfs://y' },
  },
  {
    contract: 'dataNftRegistry',
    name: 'AccessPriceUpdated',
    fields: { tokenId: 1n, newPrice: 9n },
  },
  { contract: 'dataNftRegistry', name: 'NFTBurned', fields: { tokenId: 1n, owner: A } },
  { contract: 'phalaJobProcessor', name: 'JobSubmitted', fields: { jobId: 3n } },
  { contract: 'phalaJobProcessor', name: 'AttestationRecorded', fields: { jobId: 3n } },
  { contract: 'phalaJobProcessor', name: 'JobProcessed', fields: { jobId: 3n } },
  { contract: 'mevProtection', name: 'IntentSubmitted', fields: { intentId: 4n } },
  { contract: 'mevProtection', name: 'BatchCreated', fields: { batchId: 5n } },
  { contract: 'mevProtection', name: 'BatchExecuted', fields: { batchId: 5n } },
];

const job: QueueJob = {
  id: 1n,
  owner: A,
  modelRef: 'model:gpu:x',
  dataRef: 'data:1:y',
  budget: 10n ** 18n,
  status: 'Assigned',
  assignedProvider: B,
  deadline: 123,
  privacyRequired: true,
};
const escrow: Escrow = {
  owner: A,
  provider: null,
  amount: 2n ** 200n,
  released: false,
  refunded: true,
};
const profile: ProviderProfile = {
  provider: B,
  endpoint: 'https://p',
  computeUnits: 8n,
  hourlyRate: 3n,
  registeredAt: 1_731_456_000n,
  isActive: true,
  stake: 500n,
  reputationScore: 100,
};
const nft: DataNft = {
  tokenId: 1n,
  owner: A,
  dataUri: 'ipfs://x',
  privacyLevel: 1,
  mintedAt: 5n,
  accessPrice: 6n,
  isTransferable: false,
};
const confidential: ConfidentialJob = {
  jobId: 1n,
  owner: ALICE,
  encryptedPayload: 'eyJqb2JJZCI6MX0=',
  publicKey: '5Grw',
  createdAt: 1n,
  processed: false,
};
const attestation: JobAttestation = {
  jobId: 1n,
  resultHash: 'h',
  attestationProof: 'p',
  teeWorkerPubkey: 'k',
  timestamp: 2n,
};
const intent: Intent = {
  intentId: 1n,
  user: ALICE,
  encryptedIntent: 'e',
  tokenIn: 'DOT',
  tokenOut: 'USDT',
  minOutput: 10n,
  status: 'Batched',
  createdAt: 3n,
  batchId: 2n,
};
const batch: Batch = {
  batchId: 2n,
  intentIds: [1n, 99n],
  intentCount: 2,
  totalVolume: 10n,
  executionRoute: 'r',
  status: 'Executed',
  createdAt: 4n,
  executedAt: null,
};
const result: BatchResult = {
  batchId: 2n,
  success: true,
  totalInputAmount: 10n,
  totalOutputAmount: 11n,
  executionPrice: '1.1',
  timestamp: 5n,
};
const stats: BatchStats = [2, 10n, true];

describe('types.ts shapes through the codecs', () => {
  it('lists every catalogue event once', () => {
    const catalogue = CONTRACT_NAMES.flatMap((c) =>
      CONTRACT_SPECS[c].events.map((e) => `${c}.${e.name}`),
    );
    expect(EVENTS.map((e) => `${e.contract}.${e.name}`).sort()).toEqual(catalogue.sort());
  });

  it.each(EVENTS.map((e) => [`${e.contract}.${e.name}`, e] as const))(
    '%s round-trips',
    (_name, event) => {
      const { data, topics } = encodeEvent(event);
      expect(decodeEvent(event.contract, data, topics)).toEqual({ ok: true, event });
    },
  );

  it.each([
    ['aiJobQueue', 'get_job', job],
    ['paymentEscrow', 'get_escrow', escrow],
    ['computeProviderRegistry', 'get_provider', profile],
    ['dataNftRegistry', 'get_nft', nft],
    ['phalaJobProcessor', 'get_job', confidential],
    ['phalaJobProcessor', 'get_attestation', attestation],
    ['mevProtection', 'get_intent', intent],
    ['mevProtection', 'get_batch', batch],
    ['mevProtection', 'get_batch_result', result],
    ['mevProtection', 'get_batch_stats', stats],
  ] as const)('%s.%s returns the types.ts shape', (contract, message, value) => {
    expect(decodeReturn(contract, message, encodeReturn(contract, message, value))).toEqual({
      ok: true,
      value,
    });
  });
});
