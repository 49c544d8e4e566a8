/**
 * Tabular training time (train:tabular-classification / -regression on synthetic CSVs of a few
 * sizes) and onnx:sha256 latency for the exported model: first run (session load) and the median
 * of warm runs for 1 row and for 1,000 rows, in one process.
 * Usage: npx tsx bench/train-onnx.bench.ts [--rows 400,2000,10000] [--runs 50] [--quick]
 */
import { computeContentDigest } from '../src/content-store';
import type { TrainTask } from '../src/references';
import { createOnnxExecutor } from '../src/executors/onnx/onnx-executor';
import { createTabularTrainExecutor } from '../src/executors/train/tabular-train-executor';
import { seededRandom } from '../src/shared/seeded-random';
import { commandLine, isQuick, reportResult, runBench, type Figure } from './support/bench-result';

function arg(name: string, fallback: string): string {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 ? (process.argv[index + 1] ?? fallback) : fallback;
}

/** 8 features; classification: 3 classes from two linear scores; regression: a linear target. */
function dataset(task: TrainTask, rows: number): string {
  const random = seededRandom(rows);
  const lines = ['f0,f1,f2,f3,f4,f5,f6,f7,label'];
  for (let i = 0; i < rows; i++) {
    const x = Array.from({ length: 8 }, () => random() * 4 - 2);
    const [a = 0, b = 0, c = 0] = x;
    const label =
      task === 'tabular-classification'
        ? a + b > 1
          ? 'high'
          : a - c > 0
            ? 'east'
            : 'west'
        : (3 * a - 2 * b + c + 1 + (random() - 0.5) * 0.2).toFixed(4);
    lines.push(`${x.map((v) => v.toFixed(4)).join(',')},${label}`);
  }
  return `${lines.join('\n')}\n`;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

async function main(): Promise<void> {
  const sizes = arg('rows', isQuick() ? '400' : '400,2000,10000')
    .split(',')
    .map(Number);
  const runs = Number(arg('runs', isQuick() ? '5' : '50'));
  const trainer = createTabularTrainExecutor();
  const figures: Figure[] = [];
  for (const task of ['tabular-classification', 'tabular-regression'] as const) {
    for (const rows of sizes) {
      const csv = dataset(task, rows);
      const started = performance.now();
      const result = await trainer.run({
        model: { kind: 'train', task },
        input: new TextEncoder().encode(csv),
        inputMediaType: 'text/csv',
      });
      const trainMs = performance.now() - started;
      const output = JSON.parse(new TextDecoder().decode(result.output)) as Record<string, unknown>;
      const model = result.artifacts?.[0]?.bytes ?? new Uint8Array();
      const onnx = createOnnxExecutor();
      const run = async (batch: number): Promise<number> => {
        const t = performance.now();
        await onnx.run({
          model: { kind: 'onnx', digest: computeContentDigest(model) },
          modelBytes: model,
          input: new TextEncoder().encode(
            csv
              .split('\n')
              .slice(0, batch + 1)
              .join('\n'),
          ),
          inputMediaType: 'text/csv',
        });
        return performance.now() - t;
      };
      const firstMs = await run(1);
      const oneRow = median(await sequential(runs, () => run(1)));
      const thousandRows = median(await sequential(Math.max(5, runs / 5), () => run(1000)));
      await onnx.close?.();
      console.log(
        JSON.stringify({
          task,
          rows,
          trainMs: Math.round(trainMs),
          validationLoss: output['validationLoss'],
          validationAccuracy: output['validationAccuracy'],
          modelBytes: model.length,
          onnxFirstRunMs: round2(firstMs),
          onnxWarm1RowMs: round2(oneRow),
          onnxWarm1000RowsMs: round2(thousandRows),
        }),
      );
      const label = `${task}, ${rows} rows`;
      const warm = { name: 'warm, 1 row', value: oneRow };
      figures.push(
        { name: `${label}: training`, value: trainMs, unit: 'ms' },
        { name: `${label}: ONNX inference, warm, 1 row`, value: oneRow, unit: 'ms' },
        {
          name: `${label}: ONNX inference, first run (session load)`,
          value: firstMs,
          unit: 'ms',
          baseline: warm,
          better: 'lower',
        },
        {
          name: `${label}: ONNX inference, warm, 1,000 rows`,
          value: thousandRows,
          unit: 'ms',
          baseline: warm,
          better: 'lower',
        },
      );
    }
  }
  reportResult({
    bench: 'train-onnx',
    title: 'Tabular training and ONNX inference of the trained model',
    command: commandLine('bench/train-onnx.bench.ts'),
    figures,
    notes: [`synthetic CSVs of ${sizes.join(', ')} rows, 8 features; medians of ${runs} warm runs`],
  });
}

async function sequential(count: number, step: () => Promise<number>): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < count; i++) {
    out.push(await step());
  }
  return out;
}

function round2(value: number): number {
  return Math.round(value * 100) / 100;
}

runBench('train and onnx', main);
