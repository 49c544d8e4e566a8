import { parseResult, RESULT_MARKER, type BenchResult } from './bench-result';
import { formatRatio, formatReport, formatValue, type RunReport } from './report-format';

const devnet: BenchResult = {
  bench: 'devnet-throughput',
  title: 'Devnet signed-transaction throughput',
  command: 'npx tsx bench/devnet-throughput.bench.ts --accounts 100',
  figures: [
    { name: 'raw JSON-RPC round trips', value: 12_000, unit: 'req/s' },
    {
      name: 'tx/s, 100 accounts',
      value: 600,
      unit: 'tx/s',
      baseline: { name: 'raw JSON-RPC round trips', value: 12_000, unit: 'req/s' },
      better: 'higher',
    },
  ],
  notes: ['transfer outcomes: in-block 500'],
};

function report(overrides: Partial<RunReport> = {}): RunReport {
  return {
    startedAt: '2026-12-06T07:00:00.000Z',
    finishedAt: '2026-12-06T07:30:00.000Z',
    revision: 'abc1234',
    quick: false,
    machine: {
      cpuModel: 'AMD EPYC 7B13',
      cores: 2,
      memoryGiB: 7.75,
      os: 'Linux 6.1',
      node: 'v20.20.2',
      loadAtStart: [3.1, 2.5, 2],
      loadAtEnd: [0.5, 1, 1.5],
    },
    outcomes: [
      {
        file: 'bench/devnet-throughput.bench.ts',
        command: 'npx tsx bench/devnet-throughput.bench.ts',
        seconds: 42.4,
        loadAtStart: 3.1,
        result: devnet,
      },
      {
        file: 'bench/backfill.bench.ts',
        command: 'npx tsx bench/backfill.bench.ts',
        seconds: 3,
        loadAtStart: 2.75,
        failure: { reason: 'exited with status 1', outputTail: 'Error: ECONNREFUSED\n  at x' },
      },
    ],
    ...overrides,
  };
}

describe('benchmark report format', () => {
  it('describes the machine with its load at the start and at the end', () => {
    const text = formatReport(report());
    expect(text).toContain('2 × AMD EPYC 7B13, 7.8 GiB RAM, Linux 6.1, Node v20.20.2');
    expect(text).toContain('3.10 / 2.50 / 2.00 at the start, 0.50 / 1.00 / 1.50 at the end');
    expect(text).toContain('2 run, 1 failed');
    expect(text).toContain('[performance.md](performance.md)');
    expect(text).toContain('shared and loaded');
  });

  it('gives each figure its same-run baseline, the ratio and the command that reproduces it', () => {
    const text = formatReport(report());
    expect(text).toContain('## Devnet signed-transaction throughput');
    expect(text).toContain('Reproduce: `npx tsx bench/devnet-throughput.bench.ts --accounts 100`');
    expect(text).toContain(
      '| tx/s, 100 accounts | 600 tx/s | raw JSON-RPC round trips: 12,000 req/s | 0.0500× (higher is better) |',
    );
    expect(text).toContain('| raw JSON-RPC round trips | 12,000 req/s | - | - |');
    expect(text).toContain('- transfer outcomes: in-block 500');
  });

  it('reports a failed bench with its reason and the tail of its output', () => {
    const text = formatReport(report());
    expect(text).toContain('## bench/backfill.bench.ts');
    expect(text).toContain('**Failed:** exited with status 1');
    expect(text).toContain('Error: ECONNREFUSED\n  at x\n```');
  });

  it('marks a quick run and leaves the load remark out on a quiet machine', () => {
    const quiet = report({
      quick: true,
      machine: { ...report().machine, loadAtStart: [0.2, 0.1, 0.1] },
    });
    const text = formatReport(quiet);
    expect(text).toContain('`npm run bench -- --quick`');
    expect(text).toContain('Quick smoke run');
    expect(text).not.toContain('shared and loaded');
  });

  it('formats values and ratios for reading', () => {
    expect(formatValue(11_426.4)).toBe('11,426');
    expect(formatValue(57.04)).toBe('57.0');
    expect(formatValue(1.234)).toBe('1.23');
    expect(formatValue(0.5)).toBe('0.500');
    const figure = { name: 'warm', value: 5.5, unit: 'ms' };
    expect(formatRatio({ ...figure, baseline: { name: 'direct', value: 5 } })).toBe('1.10×');
    expect(formatRatio(figure)).toBe('-');
    expect(formatRatio({ ...figure, baseline: { name: 'zero', value: 0 } })).toBe('-');
  });

  it('escapes table cells', () => {
    const piped = { ...devnet, figures: [{ name: 'a | b', value: 1, unit: 'x' }] };
    const text = formatReport(report({ outcomes: [{ ...report().outcomes[0]!, result: piped }] }));
    expect(text).toContain('| a \\| b | 1.00 x | - | - |');
  });
});

describe('bench result line', () => {
  it('is found after the human-readable output, the last one winning', () => {
    const first = { ...devnet, title: 'first' };
    const output = [
      'phase  ok  failed',
      `${RESULT_MARKER}${JSON.stringify(first)}`,
      `${RESULT_MARKER}${JSON.stringify(devnet)}`,
      'trailing log line',
    ].join('\n');
    expect(parseResult(output)).toEqual(devnet);
  });

  it('is absent when the bench failed before printing it, and refused when malformed', () => {
    expect(parseResult('Error: boom\n')).toBeUndefined();
    expect(() => parseResult(`${RESULT_MARKER}{"title":"x"}`)).toThrow(/malformed/);
  });
});
