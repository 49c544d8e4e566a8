import type { H160 } from '../contracts/types';
import {
  decideSettlementCall,
  escrowMessageCall,
  type SettlementCallFacts,
} from './settlement-call';
import type { WorkResult } from '../jobs/engine';

const BOB = '0x41dccbd49b26c50d34355ed86ff0fa9e489d1e01' as H160;
const WORKER = '0x306721211d5404bd9da88e0204360a1a9ab8b87c' as H160;
const CUSTODY = '0x9621dde636de098b43efb0fa9b61facfe328f99d' as H160;
const OUTPUT = `sha256:${'ab'.repeat(32)}`;

const RESULT: WorkResult = {
  inputDigest: `sha256:${'01'.repeat(32)}`,
  modelDigest: `sha256:${'02'.repeat(32)}`,
  outputDigest: OUTPUT,
  outputMediaType: 'application/json',
  executorVersion: 'test@1',
  summary: {},
  artifacts: {},
  durationMs: 5,
};

/** A succeeded job, completed and attested on-chain, with Bob's active escrow paying our worker. */
function facts(overrides: Partial<SettlementCallFacts> = {}): SettlementCallFacts {
  return {
    work: { state: 'succeeded', provider: WORKER, result: RESULT, reason: null },
    job: { status: 'Completed', resultHash: OUTPUT },
    escrow: { owner: BOB, provider: WORKER, amount: 10n ** 18n, released: false, refunded: false },
    attestation: { processed: true, resultHash: OUTPUT },
    custody: null,
    ...overrides,
  };
}

describe('decideSettlementCall', () => {
  it('offers the depositor a release once completion and attestation are finalized', () => {
    expect(decideSettlementCall(facts())).toMatchObject({ action: 'release', depositor: BOB });
  });

  it.each([
    ['the job is not marked completed yet', { job: { status: 'InProgress', resultHash: null } }],
    ['the completed hash is another one', { job: { status: 'Completed', resultHash: 'sha256:x' } }],
    ['no attestation is known', { attestation: null }],
    ['the attestation is not processed', { attestation: { processed: false, resultHash: OUTPUT } }],
    ['the attested hash differs', { attestation: { processed: true, resultHash: 'sha256:y' } }],
  ] as const)('offers nothing while %s', (_case, override) => {
    const decision = decideSettlementCall(facts(override));
    expect(decision.action).toBeNull();
    expect(decision.reason).toMatch(/waiting/);
  });

  it.each(['failed', 'expired', 'cancelled', 'rejected'] as const)(
    'offers a refund for a %s job',
    (state) => {
      const decision = decideSettlementCall(
        facts({
          work: { state, provider: WORKER, result: null, reason: 'model crashed' },
          job: { status: 'InProgress', resultHash: null },
          attestation: null,
        }),
      );
      expect(decision).toMatchObject({ action: 'refund', depositor: BOB });
      expect(decision.reason).toContain(state);
    },
  );

  it('refunds a job cancelled on-chain even after it ran', () => {
    const decision = decideSettlementCall(
      facts({ job: { status: 'Cancelled', resultHash: null } }),
    );
    expect(decision.action).toBe('refund');
  });

  it.each([
    ['the job is not ours', { work: null }, /not assigned/],
    ['no escrow exists', { escrow: null }, /no escrow/],
    [
      'the escrow is released',
      { escrow: { owner: BOB, provider: WORKER, amount: 0n, released: true, refunded: false } },
      /already released/,
    ],
    [
      'the escrow is refunded',
      { escrow: { owner: BOB, provider: WORKER, amount: 0n, released: false, refunded: true } },
      /already refunded/,
    ],
    [
      'the escrow is empty',
      { escrow: { owner: BOB, provider: WORKER, amount: 0n, released: false, refunded: false } },
      /holds nothing/,
    ],
    [
      'the service itself deposited (custodial)',
      {
        custody: CUSTODY,
        escrow: { owner: CUSTODY, provider: WORKER, amount: 5n, released: false, refunded: false },
      },
      /settles it itself/,
    ],
    [
      'the escrow pays another provider',
      { escrow: { owner: BOB, provider: CUSTODY, amount: 5n, released: false, refunded: false } },
      /set_provider/,
    ],
    [
      'the job is still running',
      { work: { state: 'running', provider: WORKER, result: null, reason: null } },
      /running/,
    ],
  ] as const)('offers nothing when %s', (_case, override, reason) => {
    const decision = decideSettlementCall(facts(override));
    expect(decision.action).toBeNull();
    expect(decision.reason).toMatch(reason);
  });
});

describe('escrowMessageCall', () => {
  // Selectors from spec §4.4; the job id is a u128, little-endian.
  it('encodes release_to_provider(job_id) as selector + u128 LE', () => {
    expect(escrowMessageCall('release', 7n)).toEqual({
      message: 'release_to_provider',
      selector: '0x437ab00a',
      args: { jobId: 7n },
      callData: `0x437ab00a07${'00'.repeat(15)}`,
    });
  });

  it('encodes refund_to_owner(job_id)', () => {
    expect(escrowMessageCall('refund', 258n).callData).toBe(`0x106f1eac0201${'00'.repeat(14)}`);
  });
});
