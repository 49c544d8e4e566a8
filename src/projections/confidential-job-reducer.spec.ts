import type { ConfidentialJob, JobAttestation } from '../contracts/types';
import {
  attestationView,
  confidentialJobView,
  queueJobIdFromPayload,
  reduceConfidentialJob,
  type ConfidentialJobEvent,
} from './confidential-job-reducer';

const OWNER = '0xd43593c715fdd31c61141abd04a99fd6822c8558854ccde39a5684e7a56da27d';
const at = (block: bigint, seq = 0) => ({ block, seq });
const ev = (name: ConfidentialJobEvent['name'], jobId = 1n): ConfidentialJobEvent => ({
  contract: 'phalaJobProcessor',
  name,
  fields: { jobId },
});
const b64 = (value: unknown) =>
  Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64');
const job: ConfidentialJob = {
  jobId: 1n,
  owner: OWNER,
  encryptedPayload: b64({ jobId: 42, model: 'm', data: 'd' }),
  publicKey: '5Grw',
  createdAt: 1_700_000_000_000n,
  processed: false,
};
const attestation = (resultHash: string): JobAttestation => ({
  jobId: 1n,
  resultHash,
  attestationProof: 'proof',
  teeWorkerPubkey: '0xab',
  timestamp: 5n,
});

describe('reduceConfidentialJob', () => {
  const submitted = reduceConfidentialJob(null, ev('JobSubmitted'), at(1n), { job })!;

  it('creates the job from get_job and links the queue job named in the payload', () => {
    expect(confidentialJobView(submitted)).toEqual(job);
    expect(submitted.queueJobId).toBe(42n);
    expect(submitted.attestation).toBeNull();
  });

  it('overwrites the attestation on every record, also after processing', () => {
    let j = reduceConfidentialJob(submitted, ev('AttestationRecorded'), at(2n), {
      attestation: attestation('h1'),
    })!;
    j = reduceConfidentialJob(j, ev('JobProcessed'), at(3n), {})!;
    j = reduceConfidentialJob(j, ev('AttestationRecorded'), at(4n), {
      attestation: attestation('h2'),
    })!;
    expect(j).toMatchObject({ processed: true, attestationCount: 2 });
    expect(attestationView(j)).toEqual(attestation('h2'));
  });

  it('skips a replay and an unknown cid', () => {
    expect(reduceConfidentialJob(submitted, ev('JobProcessed'), at(1n), {})).toBeNull();
    expect(reduceConfidentialJob(null, ev('JobProcessed', 9n), at(1n), {})).toBeNull();
  });
});

describe('queueJobIdFromPayload', () => {
  it.each([
    [b64({ jobId: 7, model: 'm', data: 'd' }), 7n],
    [b64({ jobId: '12' }), 12n],
    [b64({ jobId: -1 }), null],
    [b64({ jobId: 1.5 }), null],
    [b64({ model: 'm' }), null],
    [b64([1, 2]), null],
    [b64('not json'), null],
    ['%%% not base64', null],
    ['', null],
    [b64({ jobId: '1'.repeat(40) }), null],
  ])('%s -> %s', (payload, expected) => {
    expect(queueJobIdFromPayload(payload)).toBe(expected);
  });
});
