/**
 * PP-OCRv4 executor latency on a rendered two-line PNG (DejaVu Sans, 36 px): the first run (model
 * load included), then after a warm-up, N timed runs one after another; p50/p95/mean and images/s.
 * onnxruntime runs single-threaded (the executor's deterministic settings).
 * Usage: npx tsx bench/ocr-latency.bench.ts [--runs 30] [--warmup 3] [--quick]
 */
import { createPpOcrExecutor } from '../src/executors/ocr/pp-ocr-executor';
import { renderTextImage } from '../test/fixtures/text-image';
import { commandLine, isQuick, numberArg, reportResult, runBench } from './support/bench-result';

const LINES = ['POLKAMESH 2026', 'Hello world 42'];

function percentile(sorted: readonly number[], p: number): number {
  const index = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return sorted[Math.max(0, index)] ?? NaN;
}

async function main(): Promise<void> {
  const runs = numberArg('runs', isQuick() ? 5 : 30);
  const warmup = numberArg('warmup', isQuick() ? 1 : 3);
  const image = renderTextImage(LINES);
  const executor = createPpOcrExecutor();
  const request = {
    model: { kind: 'ocr', model: 'pp-ocrv4' } as const,
    input: image,
    inputMediaType: 'image/png',
  };
  try {
    const coldStart = performance.now();
    const first = await executor.run(request);
    const coldMs = performance.now() - coldStart;
    const read = new TextDecoder().decode(first.output);
    if (read !== LINES.join('\n')) {
      throw new Error(`OCR read ${JSON.stringify(read)}, expected ${JSON.stringify(LINES)}`);
    }
    for (let i = 0; i < warmup; i++) {
      await executor.run(request);
    }
    const times: number[] = [];
    for (let i = 0; i < runs; i++) {
      const start = performance.now();
      await executor.run(request);
      times.push(performance.now() - start);
    }
    const sorted = [...times].sort((a, b) => a - b);
    const mean = times.reduce((sum, t) => sum + t, 0) / times.length;
    const { imageWidth, imageHeight } = first.summary;
    console.log(
      `image: ${imageWidth}x${imageHeight} PNG, ${image.length} bytes, ${LINES.length} lines`,
    );
    console.log(`first run (loads models): ${coldMs.toFixed(1)} ms`);
    console.log(`runs: ${runs} after ${warmup} warm-up`);
    console.log(
      `p50 ${percentile(sorted, 50).toFixed(1)} ms  p95 ${percentile(sorted, 95).toFixed(1)} ms  mean ${mean.toFixed(1)} ms`,
    );
    console.log(`throughput: ${(1000 / mean).toFixed(2)} images/s (sequential)`);
    const warm = { name: 'warm run, mean', value: mean };
    reportResult({
      bench: 'ocr-latency',
      title: 'PP-OCRv4 executor latency (in process)',
      command: commandLine('bench/ocr-latency.bench.ts'),
      figures: [
        { name: 'warm run, mean', value: mean, unit: 'ms' },
        { name: 'warm run, p50', value: percentile(sorted, 50), unit: 'ms' },
        { name: 'warm run, p95', value: percentile(sorted, 95), unit: 'ms' },
        {
          name: 'first run (loads the models)',
          value: coldMs,
          unit: 'ms',
          baseline: warm,
          better: 'lower',
        },
        { name: 'throughput, one image after another', value: 1000 / mean, unit: 'images/s' },
      ],
      notes: [
        `${imageWidth}x${imageHeight} PNG, ${image.length} bytes, ${LINES.length} lines; ` +
          `${runs} runs after ${warmup} warm-up; onnxruntime single-threaded`,
      ],
    });
  } finally {
    await executor.close?.();
  }
}

runBench('ocr latency', main);
