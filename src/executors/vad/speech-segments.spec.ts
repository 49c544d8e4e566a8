import { SILERO_SEGMENTATION, speechSegments, type SegmentationOptions } from './speech-segments';

const WINDOW = 512;
const RATE = 16_000;
/** 30 ms of padding at 16 kHz. */
const PAD = 480;

/** Windows given as runs: [probability, count], …; the audio is exactly as long as the windows. */
function segmentsOf(runs: [number, number][], options: SegmentationOptions = SILERO_SEGMENTATION) {
  const probabilities = runs.flatMap(([p, count]) => Array<number>(count).fill(p));
  return speechSegments(
    {
      probabilities,
      windowSamples: WINDOW,
      sampleRate: RATE,
      totalSamples: probabilities.length * WINDOW,
    },
    options,
  );
}

describe('speechSegments', () => {
  it('finds nothing when no window reaches the threshold', () => {
    expect(segmentsOf([[0.49, 100]])).toEqual([]);
    expect(segmentsOf([])).toEqual([]);
  });

  it('pads a speech run by 30 ms on both sides', () => {
    // 10 windows (320 ms) of speech starting at window 20, then silence.
    expect(
      segmentsOf([
        [0.1, 20],
        [0.9, 10],
        [0.1, 20],
      ]),
    ).toEqual([{ start: 20 * WINDOW - PAD, end: 30 * WINDOW + PAD }]);
  });

  it('drops runs no longer than the minimum speech duration (250 ms)', () => {
    expect(
      segmentsOf([
        [0, 10],
        [0.9, 7],
        [0, 20],
      ]),
    ).toEqual([]); // 224 ms
    expect(
      segmentsOf([
        [0, 10],
        [0.9, 8],
        [0, 20],
      ]),
    ).toHaveLength(1); // 256 ms
  });

  it('ends speech only once a pause has lasted the minimum silence (100 ms)', () => {
    // Speech ends when a window 100 ms after the pause began is still silent: a 4-window pause
    // (its last window starts 96 ms in) is bridged, a 5-window pause (128 ms in) splits.
    expect(
      segmentsOf([
        [0, 10],
        [0.9, 10],
        [0, 4],
        [0.9, 10],
        [0, 20],
      ]),
    ).toEqual([{ start: 10 * WINDOW - PAD, end: 34 * WINDOW + PAD }]);
    expect(
      segmentsOf([
        [0, 10],
        [0.9, 10],
        [0, 5],
        [0.9, 10],
        [0, 20],
      ]),
    ).toEqual([
      { start: 10 * WINDOW - PAD, end: 20 * WINDOW + PAD },
      { start: 25 * WINDOW - PAD, end: 35 * WINDOW + PAD },
    ]);
  });

  it('keeps speech going while the probability stays between the two thresholds', () => {
    expect(
      segmentsOf([
        [0, 10],
        [0.9, 10],
        [0.4, 30],
        [0.2, 10],
      ]),
    ).toEqual([{ start: 10 * WINDOW - PAD, end: 50 * WINDOW + PAD }]);
  });

  it('does not start speech between the two thresholds', () => {
    expect(segmentsOf([[0.45, 50]])).toEqual([]);
  });

  it('closes speech that lasts to the end at the end of the audio', () => {
    expect(
      segmentsOf([
        [0, 10],
        [0.9, 20],
      ]),
    ).toEqual([{ start: 10 * WINDOW - PAD, end: 30 * WINDOW }]);
  });

  it('clamps the padding at the start of the audio', () => {
    expect(
      segmentsOf([
        [0.9, 20],
        [0, 10],
      ]),
    ).toEqual([{ start: 0, end: 20 * WINDOW + PAD }]);
  });

  it('splits the pause between two segments evenly when the padding would overlap', () => {
    const widePadding = { ...SILERO_SEGMENTATION, speechPadMs: 100 };
    const segments = segmentsOf(
      [
        [0, 10],
        [0.9, 10],
        [0, 6],
        [0.9, 10],
        [0, 20],
      ],
      widePadding,
    );
    // The 6-window (3072-sample) pause is shorter than two paddings (3200): each side takes half.
    expect(segments).toEqual([
      { start: 10 * WINDOW - 1600, end: 23 * WINDOW },
      { start: 23 * WINDOW, end: 36 * WINDOW + 1600 },
    ]);
  });
});
