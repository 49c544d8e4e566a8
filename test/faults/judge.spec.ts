import type { RecordedEvent } from './chain-recorder';
import { projectionMismatches } from './judge';
import type { ChainEscrow, ChainJob, ChainTruth, DeploymentSnapshot } from './judge-types';

const OWNER = '0x00000000000000000000000000000000000000b0';
const PROVIDER = '0x00000000000000000000000000000000000000c0';

let index = 0;
function event(
  block: number,
  contract: RecordedEvent['contract'],
  name: string,
  fields: Record<string, unknown>,
): RecordedEvent {
  index++;
  return {
    key: `0x${block}:${index}`,
    block,
    blockHash: `0x${block}`,
    eventIndex: index,
    extrinsicIndex: 0,
    contract,
    name,
    fields,
  };
}

const job = (status: string): ChainJob => ({
  status,
  owner: OWNER,
  provider: PROVIDER,
  privacy: false,
});

/**
 * Two deployments run one after the other against one chain; the getters are read once, after
 * the last. Found by the reduced fault run: the first (SQLite) deployment was reported with 44
 * projection mismatches, every one a job or escrow that only came to be after it had stopped.
 */
describe('the judge of projections', () => {
  const CURSOR = 100;
  // job 1: submitted, assigned, completed and paid before the cursor
  // job 2: submitted and assigned before the cursor, completed and refunded after it
  // job 3: submitted after the cursor (the next deployment's phase)
  const events: RecordedEvent[] = [
    event(10, 'aiJobQueue', 'JobSubmitted', { jobId: 1n, owner: OWNER }),
    event(11, 'paymentEscrow', 'Deposited', { jobId: 1n, owner: OWNER, provider: PROVIDER }),
    event(12, 'aiJobQueue', 'JobAssigned', { jobId: 1n, provider: PROVIDER }),
    event(13, 'aiJobQueue', 'JobCompleted', { jobId: 1n, provider: PROVIDER }),
    event(14, 'paymentEscrow', 'Released', { jobId: 1n, provider: PROVIDER }),
    event(20, 'aiJobQueue', 'JobSubmitted', { jobId: 2n, owner: OWNER }),
    event(21, 'paymentEscrow', 'Deposited', { jobId: 2n, owner: OWNER, provider: PROVIDER }),
    event(22, 'aiJobQueue', 'JobAssigned', { jobId: 2n, provider: PROVIDER }),
    event(150, 'aiJobQueue', 'JobCompleted', { jobId: 2n, provider: PROVIDER }),
    event(151, 'paymentEscrow', 'Refunded', { jobId: 2n, owner: OWNER }),
    event(160, 'aiJobQueue', 'JobSubmitted', { jobId: 3n, owner: OWNER }),
    event(161, 'paymentEscrow', 'Deposited', { jobId: 3n, owner: OWNER, provider: PROVIDER }),
  ];
  const escrow = (released: boolean, refunded: boolean): ChainEscrow => ({
    owner: OWNER,
    released,
    refunded,
  });
  const truth: ChainTruth = {
    events,
    calls: [],
    jobs: new Map([
      [1n, job('Completed')],
      [2n, job('Completed')],
      [3n, job('Registered')],
    ]),
    escrows: new Map([
      [1n, escrow(true, false)],
      [2n, escrow(false, true)],
      [3n, escrow(false, false)],
    ]),
    userPayloads: new Map(),
  };
  const snapshot = (
    projectedJobs: [bigint, string][],
    projectedEscrows: [bigint, ChainEscrow][],
  ): DeploymentSnapshot => ({
    name: 'first',
    workerAccount: '0x01',
    workerH160: PROVIDER,
    custodyAccount: '0x02',
    custodyH160: '0x00000000000000000000000000000000000000d0',
    settlementMode: 'user-signed',
    cursor: CURSOR,
    storedEvents: [],
    work: [],
    actions: [],
    projectedJobs: new Map(projectedJobs),
    projectedEscrows: new Map(projectedEscrows),
    api: [],
  });

  it('compares a deployment with the chain as of its cursor, not with what came after it', () => {
    const caughtUp = snapshot(
      [
        [1n, 'Completed'],
        [2n, 'Assigned'],
      ],
      [
        [1n, escrow(true, false)],
        [2n, escrow(false, false)],
      ],
    );

    expect(projectionMismatches(truth, caughtUp)).toEqual([]);
  });

  it('still reports a projection that is wrong or missing for what the cursor covers', () => {
    const wrong = snapshot([[1n, 'Assigned']], [[1n, escrow(false, true)]]);

    expect(projectionMismatches(truth, wrong)).toEqual([
      'queue job 1: chain Completed, projected Assigned',
      'queue job 2: chain Assigned, projected missing',
      `escrow 1: chain ${JSON.stringify(escrow(true, false))}, projected ${JSON.stringify(escrow(false, true))}`,
      `escrow 2: chain ${JSON.stringify(escrow(false, false))}, projected null`,
    ]);
  });

  it('judges the last deployment, whose cursor covers everything, against the getters', () => {
    const last = {
      ...snapshot(
        [
          [1n, 'Completed'],
          [2n, 'Completed'],
          [3n, 'Registered'],
        ],
        [
          [1n, escrow(true, false)],
          [2n, escrow(false, true)],
        ],
      ),
      cursor: 200,
    };

    expect(projectionMismatches(truth, last)).toEqual([
      `escrow 3: chain ${JSON.stringify(escrow(false, false))}, projected null`,
    ]);
  });
});
