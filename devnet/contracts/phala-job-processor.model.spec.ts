import { PAID_UNPAYABLE_TRAP } from './contract-model';
import {
  ALICE,
  ALICE_ID,
  BOB_ID,
  CAROL_ID,
  DEFAULT_TIMESTAMP,
  eventsOf,
  modelHarness,
  silentFailure,
  valueOf,
} from './fake-call-context';
import type { ModelHarness } from './fake-call-context';
import { phalaJobProcessorModel } from './phala-job-processor.model';
import type { PhalaJobProcessorState } from './phala-job-processor.model';

const ATTEST = { resultHash: '0xr1', attestationProof: 'proof', teeWorkerPubkey: 'pk' };

describe('phalaJobProcessorModel', () => {
  let h: ModelHarness<PhalaJobProcessorState>;
  beforeEach(() => {
    h = modelHarness(phalaJobProcessorModel, ALICE_ID);
  });

  function submit(caller = ALICE_ID): bigint {
    return valueOf(
      h.call(caller, 'submit_confidential_job', {
        encryptedPayload: 'eyJqb2JJZCI6MX0=',
        publicKey: '5Grw',
      }),
    ) as bigint;
  }

  it('submit → attest → process, each event carrying only the ID', () => {
    const submitted = h.call(BOB_ID, 'submit_confidential_job', {
      encryptedPayload: 'e30=',
      publicKey: 'pk',
    });
    expect(submitted).toEqual({
      kind: 'returned',
      value: 1n,
      events: [{ contract: 'phalaJobProcessor', name: 'JobSubmitted', fields: { jobId: 1n } }],
    });
    expect(valueOf(h.call(ALICE_ID, 'get_job', { jobId: 1n }))).toEqual({
      jobId: 1n,
      owner: BOB_ID,
      encryptedPayload: 'e30=',
      publicKey: 'pk',
      createdAt: DEFAULT_TIMESTAMP,
      processed: false,
    });
    expect(valueOf(h.call(ALICE_ID, 'verify_attestation', { jobId: 1n }))).toBe(false);

    expect(
      h.call(CAROL_ID, 'record_attestation', { jobId: 1n, ...ATTEST }, { timestamp: 5n }),
    ).toEqual({
      kind: 'returned',
      value: true,
      events: [
        { contract: 'phalaJobProcessor', name: 'AttestationRecorded', fields: { jobId: 1n } },
      ],
    });
    expect(valueOf(h.call(ALICE_ID, 'get_attestation', { jobId: 1n }))).toEqual({
      jobId: 1n,
      ...ATTEST,
      timestamp: 5n,
    });
    expect(valueOf(h.call(ALICE_ID, 'verify_attestation', { jobId: 1n }))).toBe(true);

    expect(h.call(CAROL_ID, 'mark_job_processed', { jobId: 1n })).toEqual({
      kind: 'returned',
      value: true,
      events: [{ contract: 'phalaJobProcessor', name: 'JobProcessed', fields: { jobId: 1n } }],
    });
    expect(h.state.jobs.get(1n)?.processed).toBe(true);
  });

  it('uses its own sequential counter', () => {
    expect(submit()).toBe(1n);
    expect(submit(BOB_ID)).toBe(2n);
    expect(valueOf(h.call(CAROL_ID, 'get_job_counter'))).toBe(2n);
  });

  it('get_job / get_attestation are null when unknown', () => {
    expect(valueOf(h.call(ALICE_ID, 'get_job', { jobId: 1n }))).toBeNull();
    submit();
    expect(valueOf(h.call(ALICE_ID, 'get_attestation', { jobId: 1n }))).toBeNull();
  });

  it('record_attestation returns false only for an unknown job', () => {
    expect(h.call(ALICE_ID, 'record_attestation', { jobId: 1n, ...ATTEST })).toEqual(
      silentFailure(),
    );
    expect(h.state.attestations.size).toBe(0);
  });

  it('lets anyone overwrite an attestation, even after the job was processed', () => {
    const id = submit();
    valueOf(h.call(BOB_ID, 'record_attestation', { jobId: id, ...ATTEST }));
    valueOf(h.call(BOB_ID, 'mark_job_processed', { jobId: id }));
    const forged = {
      jobId: id,
      resultHash: 'forged',
      attestationProof: 'none',
      teeWorkerPubkey: 'evil',
    };
    expect(eventsOf(h.call(CAROL_ID, 'record_attestation', forged, { timestamp: 9n }))).toEqual([
      { contract: 'phalaJobProcessor', name: 'AttestationRecorded', fields: { jobId: id } },
    ]);
    expect(h.state.attestations.get(id)).toEqual({ ...forged, timestamp: 9n });
    expect(h.state.jobs.get(id)?.processed).toBe(true);
  });

  it('mark_job_processed: false for an unknown job or without an attestation', () => {
    expect(h.call(ALICE_ID, 'mark_job_processed', { jobId: 1n })).toEqual(silentFailure());
    const id = submit();
    expect(h.call(ALICE_ID, 'mark_job_processed', { jobId: id })).toEqual(silentFailure());
    expect(h.state.jobs.get(id)?.processed).toBe(false);
  });

  it('mark_job_processed can be repeated, re-emitting JobProcessed', () => {
    const id = submit();
    valueOf(h.call(ALICE_ID, 'record_attestation', { jobId: id, ...ATTEST }));
    valueOf(h.call(ALICE_ID, 'mark_job_processed', { jobId: id }));
    expect(h.call(BOB_ID, 'mark_job_processed', { jobId: id })).toEqual({
      kind: 'returned',
      value: true,
      events: [{ contract: 'phalaJobProcessor', name: 'JobProcessed', fields: { jobId: id } }],
    });
  });

  it('sees AccountId callers only: an H160 caller is a runtime bug', () => {
    expect(() => h.call(ALICE, 'get_job_counter')).toThrow(
      /phalaJobProcessor\.get_job_counter: ctx\.caller/,
    );
  });

  it('traps when value is sent (no message is payable)', () => {
    expect(
      h.call(
        ALICE_ID,
        'submit_confidential_job',
        { encryptedPayload: 'x', publicKey: 'y' },
        { value: 1n },
      ),
    ).toEqual({ kind: 'trapped', reason: PAID_UNPAYABLE_TRAP });
    expect(h.state.jobCounter).toBe(0n);
  });
});
