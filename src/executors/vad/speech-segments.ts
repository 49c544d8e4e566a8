/** Hysteresis settings that turn per-window speech probabilities into segments. */
export interface SegmentationOptions {
  /** A window at or above this starts (or continues) speech. */
  readonly threshold: number;
  /** Speech ends only after windows below this one. */
  readonly negativeThreshold: number;
  /** Shorter segments are dropped. */
  readonly minSpeechMs: number;
  /** Shorter pauses do not split a segment. */
  readonly minSilenceMs: number;
  /** Added before and after each segment (split evenly where two segments would overlap). */
  readonly speechPadMs: number;
}

/** The defaults of Silero's own `get_speech_timestamps` (negative threshold = threshold − 0.15). */
export const SILERO_SEGMENTATION: SegmentationOptions = {
  threshold: 0.5,
  negativeThreshold: 0.35,
  minSpeechMs: 250,
  minSilenceMs: 100,
  speechPadMs: 30,
};

/** A half-open range of sample indices, `[start, end)`. */
export interface SampleRange {
  readonly start: number;
  readonly end: number;
}

export interface ProbabilityTrack {
  /** One probability per window; window i covers samples `[i·windowSamples, (i+1)·windowSamples)`. */
  readonly probabilities: ArrayLike<number>;
  readonly windowSamples: number;
  readonly sampleRate: number;
  /** The length of the audio, which the last window may overrun (it was zero-padded). */
  readonly totalSamples: number;
}

/**
 * Silero's `get_speech_timestamps` segmentation (without its maximum-speech-duration split): speech
 * starts at the first window ≥ threshold, ends where a run of windows below the negative threshold
 * began once that run lasts at least `minSilenceMs`, is kept when longer than `minSpeechMs`, and is
 * finally padded by `speechPadMs`. Ranges come back sorted and non-overlapping.
 */
export function speechSegments(
  track: ProbabilityTrack,
  options: SegmentationOptions,
): SampleRange[] {
  const { probabilities, windowSamples, sampleRate, totalSamples } = track;
  const minSpeech = (sampleRate * options.minSpeechMs) / 1000;
  const minSilence = (sampleRate * options.minSilenceMs) / 1000;
  const speeches: { start: number; end: number }[] = [];
  let start: number | null = null;
  let silenceStart: number | null = null;
  for (let i = 0; i < probabilities.length; i += 1) {
    const probability = probabilities[i] ?? 0;
    const position = i * windowSamples;
    if (probability >= options.threshold) {
      silenceStart = null;
      start ??= position;
      continue;
    }
    if (start === null || probability >= options.negativeThreshold) {
      continue;
    }
    silenceStart ??= position;
    if (position - silenceStart >= minSilence) {
      if (silenceStart - start > minSpeech) {
        speeches.push({ start, end: silenceStart });
      }
      start = null;
      silenceStart = null;
    }
  }
  if (start !== null && totalSamples - start > minSpeech) {
    speeches.push({ start, end: totalSamples });
  }
  return pad(speeches, (sampleRate * options.speechPadMs) / 1000, totalSamples);
}

function pad(speeches: { start: number; end: number }[], padding: number, total: number) {
  speeches.forEach((speech, i) => {
    if (i === 0) {
      speech.start = Math.max(0, Math.floor(speech.start - padding));
    }
    const next = speeches[i + 1];
    if (next === undefined) {
      speech.end = Math.min(total, Math.floor(speech.end + padding));
      return;
    }
    const silence = next.start - speech.end;
    if (silence < 2 * padding) {
      speech.end += Math.floor(silence / 2);
      next.start = Math.max(0, next.start - Math.floor(silence / 2));
    } else {
      speech.end = Math.min(total, Math.floor(speech.end + padding));
      next.start = Math.max(0, Math.floor(next.start - padding));
    }
  });
  return speeches;
}
