import type { ContractEvent } from './contract-gateway';
import { outcomeIn } from './job-outcome-watcher';

const PROVIDER = '0xe2235a2ffe0354b27a6a1c543be6bf2920ff2134';

function event(contract: ContractEvent['contract'], name: string, args: Record<string, unknown>) {
  return { contract, name, args };
}

describe('outcomeIn', () => {
  it('finds the JobCompleted of the job, with the result hash and provider from the event', () => {
    const events = [
      event('aiJobQueue', 'JobStatusChanged', { jobId: 7n }),
      event('aiJobQueue', 'JobCompleted', {
        jobId: 6n,
        provider: PROVIDER,
        resultHash: 'sha256:aa',
      }),
      event('aiJobQueue', 'JobCompleted', {
        jobId: 7n,
        provider: PROVIDER,
        resultHash: 'sha256:bb',
      }),
    ];
    expect(outcomeIn(events, 7n, 12, '0xblock')).toEqual({
      status: 'Completed',
      jobId: 7n,
      resultHash: 'sha256:bb',
      provider: PROVIDER,
      blockNumber: 12,
      blockHash: '0xblock',
    });
  });

  it('finds a JobCancelled', () => {
    const events = [event('aiJobQueue', 'JobCancelled', { jobId: 7n })];
    expect(outcomeIn(events, 7n, 3, '0xb')).toEqual({
      status: 'Cancelled',
      jobId: 7n,
      blockNumber: 3,
      blockHash: '0xb',
    });
  });

  it('ignores other jobs, other events and the same names from other contracts', () => {
    const events = [
      event('aiJobQueue', 'JobAssigned', { jobId: 7n, provider: PROVIDER }),
      event('aiJobQueue', 'JobCompleted', { jobId: 8n, provider: PROVIDER, resultHash: 'x' }),
      // phala_job_processor's JobProcessed / JobSubmitted carry the same job_id field name
      event('phalaJobProcessor', 'JobProcessed', { jobId: 7n }),
      event('paymentEscrow', 'PaymentReleased', { jobId: 7n }),
    ];
    expect(outcomeIn(events, 7n, 1, '0x')).toBeNull();
    expect(outcomeIn([], 7n, 1, '0x')).toBeNull();
  });
});
