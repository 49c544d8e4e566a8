import type { ProjectionRepository } from '../../projections';
import type { MevSavingsBody } from '../dto/frontend.dto';
import { enumerateIds, type EventReads } from './stored-events';

type Reads = Pick<ProjectionRepository, 'getBatch'>;

export const MEV_SAVINGS_FORMULA =
  'totalSaved = Σ over executed batches with a successful result of ' +
  '(total_output_amount − total_input_amount), where total_input_amount is the sum of the member ' +
  "intents' min_output and total_output_amount is the actual_output passed to execute_batch " +
  '(the latest execution of each batch). Negative when the output fell below the guaranteed minimum.';

/** /api/mev/savings: computed from the projected mev_protection batch results. */
export class MevSavingsQuery {
  constructor(
    private readonly projections: Reads,
    private readonly events: EventReads,
  ) {}

  async read(): Promise<MevSavingsBody> {
    const all = await enumerateIds(
      this.events,
      { contract: 'mevProtection', eventName: 'BatchCreated', field: 'batchId' },
      (id) => this.projections.getBatch(id),
    );
    const batches = all.flatMap((b) =>
      b.result?.success
        ? [
            {
              batchId: b.batchId.toString(),
              intentCount: b.intentCount,
              input: b.result.totalInputAmount,
              output: b.result.totalOutputAmount,
              executionPrice: b.result.executionPrice,
              executionCount: b.executionCount,
            },
          ]
        : [],
    );
    const sum = (values: bigint[]) => values.reduce((a, v) => a + v, 0n);
    const totalVolume = sum(batches.map((b) => b.input));
    const totalOutput = sum(batches.map((b) => b.output));
    return {
      success: true,
      data: {
        totalSaved: (totalOutput - totalVolume).toString(),
        batchesExecuted: batches.length,
        intentsExecuted: batches.reduce((a, b) => a + b.intentCount, 0),
        totalVolume: totalVolume.toString(),
        totalOutput: totalOutput.toString(),
        batches: batches.map((b) => ({
          batchId: b.batchId,
          intentCount: b.intentCount,
          totalInput: b.input.toString(),
          totalOutput: b.output.toString(),
          saved: (b.output - b.input).toString(),
          executionPrice: b.executionPrice,
          executionCount: b.executionCount,
        })),
      },
      formula: MEV_SAVINGS_FORMULA,
    };
  }
}
