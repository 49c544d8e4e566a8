import { waitFor } from '../../../test/support/wait-for';
import type { ContractEvent, DecodedCall } from '../../contracts';
import { NOOP_LOGGER } from '../../shared';
import { ManualClock } from '../../shared/testing/manual-clock';
import type { ChainAction, NewChainAction } from './outbox';
import { SignerSet, type Signer } from './signer';
import { FakeChain } from './testing/fake-chain';
import { InMemoryChainActionRepository } from './testing/in-memory-chain-action-repository';
import { TxManager } from './tx-manager';
import type { TxManagerConfig } from './tx-manager-config';

const WAIT_MS = 10_000;
const PROVIDER = '0x00000000000000000000000000000000000000aa';

const worker: Signer = {
  scheme: 'sr25519',
  address: '5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY',
  accountId: `0x${'d4'.repeat(32)}`,
  h160: PROVIDER,
  sign: () => new Uint8Array(64),
};

const CONFIG: TxManagerConfig = {
  leaseMs: 30_000,
  pollIntervalMs: 5,
  maxInFlight: 2,
  maxAttempts: 3,
  retry: { baseMs: 1_000, maxMs: 60_000 },
  eraPeriod: 16,
  resendAfterMs: 10_000,
  gasMarginPercent: 20,
  mapAccountTimeoutMs: 1_000,
};

function markCompleted(jobId: bigint, overrides: Partial<NewChainAction> = {}): NewChainAction {
  return {
    idempotencyKey: `job:${jobId}:mark_completed`,
    contract: 'aiJobQueue',
    message: 'mark_completed',
    args: { jobId, resultHash: '0xab' },
    signerRole: 'worker',
    ...overrides,
  };
}

/** What the contract does for `mark_completed`: it emits JobCompleted for the job. */
function completes(_contract: string, call: DecodedCall): ContractEvent[] {
  const { jobId, resultHash } = call.args as { jobId: bigint; resultHash: string };
  return [
    {
      contract: 'aiJobQueue',
      name: 'JobCompleted',
      fields: { jobId, provider: PROVIDER, resultHash },
    },
  ];
}

/** The outbox, a fake chain and a manual clock around one or more transaction managers. */
class TxWorld {
  readonly clock = new ManualClock();
  readonly actions = new InMemoryChainActionRepository(this.clock);
  readonly chain = new FakeChain();
  readonly events: string[] = [];
  private readonly managers: TxManager[] = [];

  manager(config: TxManagerConfig = CONFIG): TxManager {
    const manager = new TxManager(
      {
        actions: this.actions,
        chain: this.chain.client,
        submitter: this.chain,
        signers: new SignerSet({ worker }),
        clock: this.clock,
        log: NOOP_LOGGER,
        random: () => 0.5,
        listener: {
          onSubmitted: (key) => this.events.push(`submitted ${key}`),
          onResent: (key) => this.events.push(`resent ${key}`),
          onIncluded: (key) => this.events.push(`included ${key}`),
          onFinalized: (key) => this.events.push(`finalized ${key}`),
          onRescheduled: (key, reason) => this.events.push(`rescheduled ${key}: ${reason}`),
          onAlert: (key, reason) => this.events.push(`alert ${key}: ${reason}`),
        },
      },
      config,
    );
    this.managers.push(manager);
    return manager;
  }

  async enqueue(action: NewChainAction): Promise<ChainAction> {
    return (await this.actions.enqueue(action)).action;
  }

  /** Waits until the action is in `status` (and `extra` holds), and returns it. */
  until(
    id: string,
    status: ChainAction['status'],
    extra: (a: ChainAction) => boolean = () => true,
  ): Promise<ChainAction> {
    return waitFor(
      async () => {
        const action = await this.actions.get(id);
        return action !== null && action.status === status && extra(action) && action;
      },
      WAIT_MS,
      `action ${id} ${status}`,
    );
  }

  async stopAll(): Promise<void> {
    await Promise.all(this.managers.splice(0).map((m) => m.stop()));
  }
}

describe('TxManager', () => {
  let world: TxWorld;

  beforeEach(() => {
    world = new TxWorld();
    world.chain.effect = completes;
  });

  afterEach(() => world.stopAll());

  it('records the signed transaction before sending it, and finishes once its effect is finalized', async () => {
    const action = await world.enqueue(markCompleted(7n));
    const atSubmit: Promise<ChainAction | null>[] = [];
    world.chain.beforeSubmit = () => void atSubmit.push(world.actions.get(action.id));
    await world.manager().start();

    const submitted = await world.until(action.id, 'submitted');
    const [signed] = world.chain.signatures;
    expect(submitted.signedTx).toMatchObject({ txHash: signed?.hash, nonce: 0n });
    expect(atSubmit).toHaveLength(1);
    expect((await atSubmit[0])?.signedTx?.txHash).toBe(signed?.hash);

    const block = world.chain.produceBlock();
    await world.until(action.id, 'included', (a) => a.includedIn?.hash === block.hash);
    world.chain.finalize();
    const done = await world.until(action.id, 'finalized');
    expect(done).toMatchObject({ finalizedBlockHash: block.hash, attempts: 1, lastError: null });
    expect(world.events).toEqual([
      'submitted job:7:mark_completed',
      'included job:7:mark_completed',
      'finalized job:7:mark_completed',
    ]);
    expect(world.chain.signatures).toHaveLength(1);
  });

  it('claims an action enqueued after its round at once when woken, not after pollIntervalMs', async () => {
    const claims = jest.spyOn(world.actions, 'claimNextInFlight');
    // the next round would come in an hour: only wake() can start one sooner
    const manager = world.manager({ ...CONFIG, pollIntervalMs: 3_600_000 });
    await manager.start();
    await waitFor(() => claims.mock.results.length > 0, WAIT_MS, "the first round's claim");
    expect(await claims.mock.results[0]?.value).toBeNull();
    const action = await world.enqueue(markCompleted(8n));
    manager.wake();
    await world.until(action.id, 'submitted');
    expect(world.events).toEqual(['submitted job:8:mark_completed']);
  });

  it('fails an action whose dry run says false, without signing anything', async () => {
    world.chain.dryRunResult = () => ({
      ok: true,
      flags: 0,
      isReverted: false,
      data: '0x0000',
      gasRequired: { refTime: 1n, proofSize: 1n },
      storageDeposit: 0n,
    });
    const action = await world.enqueue(markCompleted(7n));
    await world.manager().start();
    const failed = await world.until(action.id, 'failed');
    expect(failed.lastError).toBe('aiJobQueue.mark_completed would return false');
    expect(world.chain.signatures).toEqual([]);
    expect(world.events).toEqual([
      'alert job:7:mark_completed: aiJobQueue.mark_completed would return false',
    ]);
  });

  it('fails an action whose signer role has no key', async () => {
    const action = await world.enqueue(markCompleted(7n, { signerRole: 'nobody' }));
    await world.manager().start();
    const failed = await world.until(action.id, 'failed');
    expect(failed.lastError).toBe('no key for signer role nobody');
  });

  it('reschedules a transaction finalized without the expected event, then signs a new one', async () => {
    world.chain.effect = () => [];
    const action = await world.enqueue(markCompleted(7n));
    await world.manager().start();
    await world.until(action.id, 'submitted');
    const block = world.chain.produceBlock();
    world.chain.finalize();
    const pending = await world.until(action.id, 'pending');
    expect(pending.lastError).toBe(
      `included in finalized block #${block.number} without aiJobQueue.JobCompleted`,
    );
    expect(pending.nextAttemptAt.getTime()).toBeGreaterThan(world.clock.now().getTime());

    world.chain.effect = completes;
    world.clock.advance(60_000);
    await world.until(action.id, 'submitted', (a) => a.attempts === 2);
    const [first, second] = world.chain.signatures;
    expect(second?.hash).not.toBe(first?.hash);
    expect(second?.nonce).toBe(1);
    world.chain.produceBlock();
    world.chain.finalize();
    await world.until(action.id, 'finalized');
  });

  it('sends the same bytes again when the transaction is in no block after resendAfterMs', async () => {
    const action = await world.enqueue(markCompleted(7n));
    await world.manager().start();
    await world.until(action.id, 'submitted');
    world.chain.dropPool();
    world.clock.advance(CONFIG.resendAfterMs);
    await waitFor(() => world.chain.submissions.length === 2, WAIT_MS, 'the resend');
    const [sent, resent] = world.chain.submissions;
    expect(resent).toBe(sent);
    expect(world.chain.signatures).toHaveLength(1);
    world.chain.produceBlock();
    world.chain.finalize();
    await world.until(action.id, 'finalized');
    expect(world.events).toContain('resent job:7:mark_completed');
  });

  it('resumes an in-flight action after its owner stopped: tracks the recorded bytes, never signs again', async () => {
    const action = await world.enqueue(markCompleted(7n));
    const first = world.manager();
    await first.start();
    await world.until(action.id, 'submitted');
    await first.stop();

    world.clock.advance(CONFIG.leaseMs);
    await world.manager().start();
    await world.until(action.id, 'submitted', (a) => a.attempts === 2);
    world.chain.produceBlock();
    world.chain.finalize();
    await world.until(action.id, 'finalized');
    expect(world.chain.signatures).toHaveLength(1);
  });

  it('lets a send that never gets an answer go after the drain; the next owner resumes the action', async () => {
    // found by the fault harness: after an endpoint answered garbage, a request never got its
    // answer and SIGTERM could not stop the service within SHUTDOWN_TIMEOUT_MS (exit 1)
    let loseAnswer: (err: Error) => void = () => undefined;
    const submit = jest
      .spyOn(world.chain, 'submit')
      .mockImplementationOnce(() => new Promise((_, reject) => (loseAnswer = reject)));
    const action = await world.enqueue(markCompleted(7n));
    const first = world.manager();
    await first.start();
    await world.until(action.id, 'submitted');
    await waitFor(() => submit.mock.calls.length === 1, WAIT_MS, 'the send to hang');

    await first.stop(10);
    loseAnswer(new Error('disconnected')); // the submitter's own stop ends its connection

    world.clock.advance(CONFIG.leaseMs);
    await world.manager().start();
    await waitFor(() => world.chain.submissions.length === 1, WAIT_MS, 'the recorded bytes resent');
    world.chain.produceBlock();
    world.chain.finalize();
    await world.until(action.id, 'finalized');
    expect(world.chain.signatures).toHaveLength(1);
  });

  it('finds its transaction again when recording the finalization failed, and never signs again', async () => {
    // found by the fault harness: the write failed during a PostgreSQL restart, the next round
    // scanned on from the block after the transaction's, took its nonce for someone else's and
    // signed a second transaction: the attestation anchor landed twice
    const markFinalized = jest
      .spyOn(world.actions, 'markFinalized')
      .mockRejectedValueOnce(new Error('connect ECONNREFUSED 127.0.0.1:5432'));
    const action = await world.enqueue(markCompleted(7n));
    await world.manager().start();
    await world.until(action.id, 'submitted');

    const block = world.chain.produceBlock();
    world.chain.finalize();

    const done = await world.until(action.id, 'finalized');
    expect(done.finalizedBlockHash).toBe(block.hash);
    expect(markFinalized).toHaveBeenCalledTimes(2);
    expect(world.chain.signatures).toHaveLength(1);
  });

  it('holds no more actions at once than maxInFlight', async () => {
    const ids = [];
    for (const jobId of [1n, 2n, 3n]) {
      ids.push((await world.enqueue(markCompleted(jobId))).id);
      world.clock.advance(1);
    }
    const manager = world.manager();
    await manager.start();
    await waitFor(() => world.chain.signatures.length === 2, WAIT_MS, 'two signatures');
    expect(manager.heldCount()).toBe(2);
    expect((await world.actions.get(ids[2]!))?.status).toBe('pending');

    world.chain.produceBlock();
    world.chain.finalize();
    await world.until(ids[2]!, 'submitted');
    world.chain.produceBlock();
    world.chain.finalize();
    for (const id of ids) {
      await world.until(id, 'finalized');
    }
  });

  it('gives up after maxAttempts rejected tries, with an alert', async () => {
    world.chain.beforeSubmit = () => ({ accepted: false, reason: 'payment', message: 'no funds' });
    const action = await world.enqueue(markCompleted(7n));
    await world.manager().start();
    const failed = await waitFor(
      async () => {
        const current = await world.actions.get(action.id);
        if (current?.status === 'pending' && current.attempts > 0) {
          world.clock.advance(60_000); // past the backoff
        }
        return current?.status === 'failed' && current;
      },
      WAIT_MS,
      'the action to fail',
    );
    const reason = 'not submitted: transaction rejected (payment): no funds';
    expect(failed).toMatchObject({
      attempts: 3,
      lastError: `gave up after 3 attempts: ${reason}`,
    });
    expect(world.events.filter((e) => e.startsWith('rescheduled'))).toHaveLength(2);
    expect(world.events.at(-1)).toBe(
      `alert job:7:mark_completed: gave up after 3 attempts: ${reason}`,
    );
  });
});
