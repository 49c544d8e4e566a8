import { engineStages, mergeStages } from './timeline-body';

const at = (ms: number) => new Date(Date.UTC(2026, 0, 1) + ms);

describe('engineStages', () => {
  it('gives ms since the previous stage and since discovery, oldest first', () => {
    const stages = engineStages([
      { stage: 'admitted', at: at(250), detail: 'ocr:pp-ocrv4' },
      { stage: 'discovered', at: at(100), detail: null },
      { stage: 'running', at: at(1_250), detail: 'attempt 1' },
    ]);
    expect(stages).toEqual([
      {
        stage: 'discovered',
        at: at(100).toISOString(),
        detail: null,
        msSincePrevious: null,
        msSinceDiscovered: 0,
      },
      {
        stage: 'admitted',
        at: at(250).toISOString(),
        detail: 'ocr:pp-ocrv4',
        msSincePrevious: 150,
        msSinceDiscovered: 150,
      },
      {
        stage: 'running',
        at: at(1_250).toISOString(),
        detail: 'attempt 1',
        msSincePrevious: 1_000,
        msSinceDiscovered: 1_150,
      },
    ]);
  });
});

describe('mergeStages', () => {
  it('orders chain and engine stages by time, with blocks only between chain stages', () => {
    const merged = mergeStages(
      [
        { stage: 'submitted', block: 10n, storedAt: at(0) },
        { stage: 'assigned', block: 12n, storedAt: at(100) },
        { stage: 'completed', block: 19n, storedAt: at(900) },
      ],
      [
        { stage: 'discovered', at: at(100), detail: null },
        { stage: 'succeeded', at: at(700), detail: null },
      ],
    );
    expect(
      merged.map((m) => [m.source, m.stage, m.block, m.msSincePrevious, m.blocksSincePrevious]),
    ).toEqual([
      ['chain', 'submitted', '10', null, null],
      ['chain', 'assigned', '12', 100, '2'],
      ['engine', 'discovered', null, 0, null],
      ['engine', 'succeeded', null, 600, null],
      ['chain', 'completed', '19', 200, '7'],
    ]);
  });

  it('gives no block gap for a chain stage stored out of block order', () => {
    const merged = mergeStages(
      [
        { stage: 'assigned', block: 12n, storedAt: at(0) },
        { stage: 'submitted', block: 10n, storedAt: at(5) },
      ],
      [],
    );
    expect(merged.map((m) => m.blocksSincePrevious)).toEqual([null, null]);
  });
});
