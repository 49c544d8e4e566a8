import type { Batch, BatchResult, Intent } from '../contracts/types';
import {
  batchView,
  intentView,
  reduceBatchCreated,
  reduceBatchExecuted,
  reduceIntentSubmitted,
} from './mev-reducer';
import type { ProjectedIntent } from './projection-types';

const USER = '0xd43593c715fdd31c61141abd04a99fd6822c8558854ccde39a5684e7a56da27d';
const at = (block: bigint, seq = 0) => ({ block, seq });
const intent = (id: bigint): Intent => ({
  intentId: id,
  user: USER,
  encryptedIntent: 'enc',
  tokenIn: 'DOT',
  tokenOut: 'USDT',
  minOutput: 10n * id,
  status: 'Pending',
  createdAt: 100n + id,
  batchId: null,
});
const batch = (id: bigint, ids: bigint[]): Batch => ({
  batchId: id,
  intentIds: ids,
  intentCount: ids.length,
  totalVolume: 1n,
  executionRoute: 'route',
  status: 'Pending',
  createdAt: 200n,
  executedAt: null,
});
const result = (output: bigint): BatchResult => ({
  batchId: 1n,
  success: true,
  totalInputAmount: 1n,
  totalOutputAmount: output,
  executionPrice: 'p',
  timestamp: 300n + output,
});

function members(ids: bigint[]): Map<bigint, ProjectedIntent> {
  return new Map(ids.map((id) => [id, reduceIntentSubmitted(null, at(id), intent(id))!]));
}

describe('mev reducers', () => {
  it('submits a Pending intent from get_intent', () => {
    const row = reduceIntentSubmitted(null, at(1n), {
      ...intent(1n),
      status: 'Batched',
      batchId: 4n,
    })!;
    expect(intentView(row)).toEqual(intent(1n));
    expect(reduceIntentSubmitted(row, at(1n), intent(1n))).toBeNull();
  });

  it('batches the known members (unknown and duplicate ids only count) and re-batches', () => {
    const known = members([1n, 2n, 3n]);
    const created = reduceBatchCreated(null, known, at(10n), batch(1n, [1n, 2n, 2n, 3n, 99n]));
    expect(created.batch).toMatchObject({
      status: 'Pending',
      intentCount: 5,
      result: null,
      executionCount: 0,
    });
    expect(created.intents.map((i) => [i.intentId, i.status, i.batchId])).toEqual([
      [1n, 'Batched', 1n],
      [2n, 'Batched', 1n],
      [3n, 'Batched', 1n],
    ]);
    const again = reduceBatchCreated(
      null,
      new Map(created.intents.map((i) => [i.intentId, i])),
      at(11n),
      batch(2n, [1n]),
    );
    expect(again.intents.map((i) => i.batchId)).toEqual([2n]);
  });

  it('executes repeatedly, overwriting the result; members become Executed', () => {
    const known = members([1n, 2n]);
    const { batch: created, intents } = reduceBatchCreated(
      null,
      known,
      at(10n),
      batch(1n, [1n, 2n]),
    );
    const byId = new Map(intents.map((i) => [i.intentId, i]));
    const first = reduceBatchExecuted(created, byId, at(11n), {
      batch: { ...batch(1n, [1n, 2n]), status: 'Executed', executedAt: 301n },
      result: result(1n),
    });
    expect(first.intents.map((i) => i.status)).toEqual(['Executed', 'Executed']);
    const second = reduceBatchExecuted(
      first.batch,
      new Map(first.intents.map((i) => [i.intentId, i])),
      at(12n),
      {
        batch: { ...batch(1n, [1n, 2n]), status: 'Executed', executedAt: 302n },
        result: result(2n),
      },
    );
    expect(second.batch).toMatchObject({ executionCount: 2, executedAt: 302n });
    expect(batchView(second.batch!).result).toEqual(result(2n));
    expect(reduceBatchExecuted(second.batch, new Map(), at(12n), {})).toEqual({
      batch: null,
      intents: [],
    });
  });
});
