import { deserialize, serialize } from 'node:v8';
import { CONTRACT_NAMES } from '../../src/contracts/types';
import {
  ALICE,
  ALICE_ID,
  BOB,
  BOB_ID,
  fakeCallContext,
  modelHarness,
  valueOf,
} from './fake-call-context';
import {
  CONTRACT_MODELS,
  aiJobQueueModel,
  dataNftRegistryModel,
  mevProtectionModel,
  paymentEscrowModel,
} from './index';

describe('CONTRACT_MODELS', () => {
  it('has one model per contract, named after its key', () => {
    expect(Object.keys(CONTRACT_MODELS).sort()).toEqual([...CONTRACT_NAMES].sort());
    for (const name of CONTRACT_NAMES) {
      expect(CONTRACT_MODELS[name].name).toBe(name);
    }
  });

  it('throws on an unknown message, including Object.prototype names', () => {
    const state = aiJobQueueModel.genesis(ALICE);
    const ctx = fakeCallContext({ caller: ALICE });
    expect(() => aiJobQueueModel.call(state, ctx, 'submit_bid', {})).toThrow(
      'aiJobQueue.submit_bid: unknown message',
    );
    expect(() => aiJobQueueModel.call(state, ctx, 'toString', {})).toThrow(/unknown message/);
  });

  it('validates the deployer address against the contract’s pallet', () => {
    expect(() => aiJobQueueModel.genesis(ALICE_ID)).toThrow(/aiJobQueue\.new: admin/);
    expect(() => mevProtectionModel.genesis(ALICE)).toThrow(/mevProtection\.new: admin/);
    expect(paymentEscrowModel.genesis('0x9621DDE636DE098B43EFB0FA9B61FACFE328F99D').admin).toBe(
      ALICE,
    );
  });
});

describe('argument validation', () => {
  const state = aiJobQueueModel.genesis(ALICE);
  const ctx = fakeCallContext({ caller: ALICE });
  const call = (message: string, args: Record<string, unknown>) => () =>
    aiJobQueueModel.call(structuredClone(state), ctx, message, args);

  it('rejects a number where a u128 bigint is expected, naming message and argument', () => {
    expect(call('get_job', { jobId: 1 })).toThrow(
      'aiJobQueue.get_job: argument jobId: expected a u128 bigint',
    );
  });

  it('rejects missing, extra and out-of-range arguments', () => {
    expect(call('get_job', {})).toThrow('aiJobQueue.get_job: missing argument jobId');
    expect(call('get_job', { jobId: 1n, job_id: 1n })).toThrow('unexpected argument(s) job_id');
    expect(call('get_job', { jobId: -1n })).toThrow(/argument jobId/);
    expect(call('get_job', { jobId: 1n << 128n })).toThrow(/argument jobId/);
    const job = { modelRef: 'm', dataRef: 'd', privacyRequired: false };
    expect(call('submit_job', { ...job, deadline: 2 ** 32 })).toThrow(
      /argument deadline: expected a u32/,
    );
    expect(call('submit_job', { ...job, deadline: 1.5 })).toThrow(/argument deadline/);
    expect(call('submit_job', { ...job, deadline: 20, privacyRequired: 1 })).toThrow(
      /privacyRequired: expected a boolean/,
    );
    expect(call('submit_job', { ...job, modelRef: 5, deadline: 20 })).toThrow(
      /modelRef: expected a string/,
    );
  });

  it('rejects malformed addresses and lowercases valid ones', () => {
    expect(call('assign_provider', { jobId: 1n, provider: '0x1234' })).toThrow(
      /argument provider: expected 0x \+ 40 hex/,
    );
    expect(call('assign_provider', { jobId: 1n, provider: ALICE_ID })).toThrow(/argument provider/);
    const h = modelHarness(aiJobQueueModel, ALICE);
    const id = valueOf(
      h.call(
        ALICE,
        'submit_job',
        { modelRef: 'm', dataRef: 'd', deadline: 99, privacyRequired: false },
        { value: 1000n },
      ),
    );
    valueOf(
      h.call(ALICE, 'assign_provider', {
        jobId: id,
        provider: BOB.toUpperCase().replace('0X', '0x'),
      }),
    );
    expect(valueOf(h.call(BOB, 'mark_in_progress', { jobId: id }))).toBe(true);
  });

  it('rejects a non-bigint element in a Vec<u128>', () => {
    const mev = mevProtectionModel.genesis(ALICE_ID);
    const mevCtx = fakeCallContext({ caller: BOB_ID });
    expect(() =>
      mevProtectionModel.call(mev, mevCtx, 'create_batch', {
        intentIds: [1n, 2],
        executionRoute: 'r',
      }),
    ).toThrow('mevProtection.create_batch: argument intentIds[1]: expected a u128 bigint');
  });

  it('rejects a malformed call context', () => {
    expect(() =>
      aiJobQueueModel.call(state, { ...ctx, value: -1n }, 'get_job_counter', {}),
    ).toThrow(/ctx\.value/);
    expect(() =>
      aiJobQueueModel.call(state, { ...ctx, blockNumber: 1.5 }, 'get_job_counter', {}),
    ).toThrow(/ctx\.blockNumber/);
  });
});

describe('model state is plain data', () => {
  it('survives structuredClone and v8 serialize round-trips unchanged', () => {
    const nft = modelHarness(dataNftRegistryModel, ALICE);
    valueOf(
      nft.call(BOB, 'mint', {
        dataUri: 'u',
        privacyLevel: 1,
        accessPrice: 3n,
        isTransferable: true,
      }),
    );
    valueOf(nft.call(BOB, 'grant_access', { tokenId: 1n, grantee: ALICE }, { value: 3n }));
    valueOf(nft.call(BOB, 'approve', { tokenId: 1n, approved: ALICE }));
    const mev = modelHarness(mevProtectionModel, ALICE_ID);
    for (let i = 0; i < 5; i += 1) {
      valueOf(
        mev.call(BOB_ID, 'submit_intent', {
          encryptedIntent: 'e',
          tokenIn: 'a',
          tokenOut: 'b',
          minOutput: 1n,
        }),
      );
    }
    valueOf(
      mev.call(BOB_ID, 'create_batch', { intentIds: [1n, 2n, 3n, 4n, 5n], executionRoute: 'r' }),
    );

    for (const state of [nft.state, mev.state]) {
      expect(structuredClone(state)).toEqual(state);
      expect(deserialize(serialize(state))).toEqual(state);
    }
    const copy = deserialize(serialize(nft.state)) as typeof nft.state;
    const ctx = fakeCallContext({ caller: ALICE });
    expect(
      valueOf(dataNftRegistryModel.call(copy, ctx, 'has_access', { tokenId: 1n, account: ALICE })),
    ).toBe(true);
  });
});
