import { decodeWav } from '../audio/decode-wav';
import { resample } from '../audio/resample';
import type { ExecutionRequest, ExecutionResult, Executor } from '../executor';
import { SILERO_SAMPLE_RATE, SILERO_WINDOW_SAMPLES, SileroVadModel } from './silero-vad-model';
import { SILERO_SEGMENTATION, speechSegments, type SampleRange } from './speech-segments';

export const SILERO_VAD_EXECUTOR_VERSION = 'audio-silero-vad@1';

/** The canonical output; keys are serialised in this order and every time is whole milliseconds. */
export interface VadOutput {
  readonly sampleRate: number;
  readonly durationMs: number;
  readonly segments: readonly { readonly startMs: number; readonly endMs: number }[];
  readonly speechMs: number;
}

/**
 * `audio:silero-vad`: finds the speech in a WAV file. The audio is mixed to mono, resampled to
 * 16 kHz, scored by Silero VAD v5 in 32 ms windows and segmented with Silero's own hysteresis.
 */
export function createSileroVadExecutor(): Executor {
  let model: Promise<SileroVadModel> | undefined;
  return {
    async run(request: ExecutionRequest): Promise<ExecutionResult> {
      const audio = decodeWav(request.input);
      const samples = resample(audio.samples, audio.sampleRate, SILERO_SAMPLE_RATE);
      model ??= SileroVadModel.load().catch((err: unknown) => {
        model = undefined;
        throw err;
      });
      const loaded = await model;
      const probabilities = await loaded.speechProbabilities(samples);
      const ranges = speechSegments(
        {
          probabilities,
          windowSamples: SILERO_WINDOW_SAMPLES,
          sampleRate: SILERO_SAMPLE_RATE,
          totalSamples: samples.length,
        },
        SILERO_SEGMENTATION,
      );
      const output = vadOutput(ranges, samples.length);
      return {
        output: new TextEncoder().encode(serialiseVadOutput(output)),
        outputMediaType: 'application/json',
        modelDigest: loaded.digest,
        executorVersion: SILERO_VAD_EXECUTOR_VERSION,
        summary: {
          segments: output.segments.length,
          speechMs: output.speechMs,
          durationMs: output.durationMs,
        },
      };
    },
    async close(): Promise<void> {
      const loading = model;
      model = undefined;
      // A model that failed to load holds nothing to release.
      await (await loading?.catch(() => undefined))?.close();
    },
  };
}

function vadOutput(ranges: readonly SampleRange[], totalSamples: number): VadOutput {
  const segments = ranges.map((range) => ({ startMs: toMs(range.start), endMs: toMs(range.end) }));
  return {
    sampleRate: SILERO_SAMPLE_RATE,
    durationMs: toMs(totalSamples),
    segments,
    speechMs: segments.reduce((sum, segment) => sum + segment.endMs - segment.startMs, 0),
  };
}

function toMs(samples: number): number {
  return Math.round((samples * 1000) / SILERO_SAMPLE_RATE);
}

/** Builds the JSON field by field so that the key order is fixed by this code, not by an object. */
export function serialiseVadOutput(output: VadOutput): string {
  const segments = output.segments
    .map((segment) => `{"startMs":${segment.startMs},"endMs":${segment.endMs}}`)
    .join(',');
  return (
    `{"sampleRate":${output.sampleRate},"durationMs":${output.durationMs},` +
    `"segments":[${segments}],"speechMs":${output.speechMs}}`
  );
}
