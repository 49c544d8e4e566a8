/**
 * Latency of the two built-in model executors, in process (no sandbox): Silero VAD on a ~5 s
 * speech clip (22.05 kHz 16-bit WAV, so decoding and resampling are included) and MobileNetV2 on a
 * 640×480 PNG line drawing (decoding and resizing included). Each executor is warmed up (the first
 * run also loads the model), then run N times; prints p50, p95, mean and items per second.
 * Usage: npx tsx bench/vad-mobilenet-latency.bench.ts [--runs 30] [--warmup 3] [--quick]
 */
import { createMobileNetExecutor } from '../src/executors/mobilenet/mobilenet-executor';
import { renderLineDrawing } from '../src/executors/mobilenet/testing/line-drawing';
import type { ExecutionRequest, Executor } from '../src/executors/executor';
import { createSileroVadExecutor } from '../src/executors/vad/silero-vad-executor';
import { speechClip } from '../test/fixtures/speech-audio';
import {
  commandLine,
  isQuick,
  numberArg,
  reportResult,
  runBench,
  type Figure,
} from './support/bench-result';

interface Latency {
  label: string;
  runs: number;
  firstMs: number;
  p50: number;
  p95: number;
  mean: number;
}

/** Nearest-rank percentile of sorted values. */
function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}

async function measure(
  label: string,
  executor: Executor,
  request: ExecutionRequest,
  warmup: number,
  runs: number,
): Promise<Latency> {
  const started = performance.now();
  await executor.run(request);
  const firstMs = performance.now() - started;
  for (let i = 1; i < warmup; i += 1) {
    await executor.run(request);
  }
  const times: number[] = [];
  for (let i = 0; i < runs; i += 1) {
    const start = performance.now();
    await executor.run(request);
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  const mean = times.reduce((sum, t) => sum + t, 0) / times.length;
  return { label, runs, firstMs, p50: percentile(times, 50), p95: percentile(times, 95), mean };
}

function table(rows: readonly Latency[]): string {
  const header = ['executor', 'runs', 'first ms', 'p50 ms', 'p95 ms', 'mean ms', 'items/s'];
  const body = rows.map((r) => [
    r.label,
    String(r.runs),
    r.firstMs.toFixed(1),
    r.p50.toFixed(1),
    r.p95.toFixed(1),
    r.mean.toFixed(1),
    (1000 / r.mean).toFixed(2),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((row) => row[i]!.length)));
  const line = (cells: readonly string[]) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...body.map(line)].join('\n');
}

async function main(): Promise<void> {
  const runs = numberArg('runs', isQuick() ? 5 : 30);
  const warmup = Math.max(1, numberArg('warmup', isQuick() ? 1 : 3));
  const clip = speechClip({ silenceBeforeMs: 500, silenceAfterMs: 500 });
  const image = renderLineDrawing(640, 480);
  console.log(
    `VAD clip: ${(clip.durationMs / 1000).toFixed(2)} s at ${clip.sampleRate} Hz; ` +
      `image: 640x480 PNG, ${image.length} bytes; ${runs} runs after ${warmup} warm-up`,
  );

  const vad = createSileroVadExecutor();
  const mobilenet = createMobileNetExecutor();
  try {
    const rows = [
      await measure(
        'audio:silero-vad',
        vad,
        {
          model: { kind: 'audio', model: 'silero-vad' },
          input: clip.wav,
          inputMediaType: 'audio/wav',
        },
        warmup,
        runs,
      ),
      await measure(
        'vision:mobilenet-v2',
        mobilenet,
        {
          model: { kind: 'vision', model: 'mobilenet-v2' },
          input: image,
          inputMediaType: 'image/png',
        },
        warmup,
        runs,
      ),
    ];
    console.log(table(rows));
    const figures: Figure[] = rows.flatMap((r) => {
      const warm = { name: 'warm run, mean', value: r.mean };
      return [
        { name: `${r.label}: warm run, mean`, value: r.mean, unit: 'ms' },
        { name: `${r.label}: warm run, p95`, value: r.p95, unit: 'ms' },
        {
          name: `${r.label}: first run (loads the model)`,
          value: r.firstMs,
          unit: 'ms',
          baseline: warm,
          better: 'lower' as const,
        },
      ];
    });
    reportResult({
      bench: 'vad-mobilenet-latency',
      title: 'Silero VAD and MobileNetV2 executor latency (in process)',
      command: commandLine('bench/vad-mobilenet-latency.bench.ts'),
      figures,
      notes: [
        `VAD: ${(clip.durationMs / 1000).toFixed(2)} s of speech at ${clip.sampleRate} Hz; ` +
          `MobileNetV2: a 640x480 PNG; ${runs} runs after ${warmup} warm-up, decoding included`,
      ],
    });
  } finally {
    await vad.close?.();
    await mobilenet.close?.();
  }
}

runBench('vad and mobilenet latency', main);
