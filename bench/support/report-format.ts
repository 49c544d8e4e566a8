import type { BenchResult, Figure } from './bench-result';

/** The machine a run measured, as `docs/benchmarks.md` describes it. */
export interface MachineInfo {
  readonly cpuModel: string;
  readonly cores: number;
  readonly memoryGiB: number;
  readonly os: string;
  readonly node: string;
  /** 1, 5 and 15 minute load averages */
  readonly loadAtStart: readonly number[];
  readonly loadAtEnd: readonly number[];
}

/** What became of one bench in a run: its figures, or why there are none. */
export interface BenchOutcome {
  /** e.g. bench/devnet-throughput.bench.ts */
  readonly file: string;
  /** how the runner started it */
  readonly command: string;
  readonly seconds: number;
  /** the 1-minute load average when it started */
  readonly loadAtStart: number;
  readonly result?: BenchResult;
  readonly failure?: { readonly reason: string; readonly outputTail: string };
}

export interface RunReport {
  readonly startedAt: string;
  readonly finishedAt: string;
  /** short commit hash, with "+ local changes" when the tree was dirty */
  readonly revision: string;
  readonly quick: boolean;
  readonly machine: MachineInfo;
  readonly outcomes: readonly BenchOutcome[];
}

/** A figure's value: thousands separated, fewer decimals as it grows. */
export function formatValue(value: number): string {
  if (!Number.isFinite(value)) {
    return String(value);
  }
  const abs = Math.abs(value);
  const digits = abs === 0 || abs >= 100 ? 0 : abs >= 10 ? 1 : abs >= 1 ? 2 : 3;
  return value.toLocaleString('en-US', {
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  });
}

/** value / baseline with three significant digits, e.g. `0.0472×`, `1.10×`; `-` without one. */
export function formatRatio(figure: Figure): string {
  const base = figure.baseline?.value;
  if (base === undefined || base === 0 || !Number.isFinite(base)) {
    return '-';
  }
  const ratio = figure.value / base;
  return `${ratio.toPrecision(3)}×`;
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

function figureRow(figure: Figure): string {
  const baseline = figure.baseline
    ? `${figure.baseline.name}: ${formatValue(figure.baseline.value)} ${figure.baseline.unit ?? figure.unit}`
    : '-';
  const reading = figure.baseline && figure.better ? ` (${figure.better} is better)` : '';
  return `| ${[
    cell(figure.name),
    `${formatValue(figure.value)} ${cell(figure.unit)}`,
    cell(baseline),
    `${formatRatio(figure)}${reading}`,
  ].join(' | ')} |`;
}

function formatLoad(load: readonly number[]): string {
  return load.map((l) => l.toFixed(2)).join(' / ');
}

function formatOutcome(outcome: BenchOutcome): string[] {
  const title = outcome.result?.title ?? outcome.file;
  const lines = [`## ${title}`, ''];
  const meta = `${outcome.seconds.toFixed(0)} s, 1-minute load ${outcome.loadAtStart.toFixed(2)} at its start`;
  lines.push(`Reproduce: \`${outcome.result?.command ?? outcome.command}\` (${meta})`, '');
  if (outcome.failure) {
    lines.push(`**Failed:** ${cell(outcome.failure.reason)}`, '', '```text');
    lines.push(outcome.failure.outputTail.trimEnd(), '```', '');
    return lines;
  }
  const result = outcome.result;
  if (!result || result.figures.length === 0) {
    lines.push('No figures.', '');
    return lines;
  }
  lines.push('| Figure | Value | Baseline (same run) | Ratio |', '| --- | --- | --- | --- |');
  lines.push(...result.figures.map(figureRow), '');
  for (const note of result.notes ?? []) {
    lines.push(`- ${note}`);
  }
  if ((result.notes ?? []).length > 0) {
    lines.push('');
  }
  return lines;
}

/** The Markdown of `docs/benchmarks.md` for one run. */
export function formatReport(report: RunReport): string {
  const m = report.machine;
  const failed = report.outcomes.filter((o) => o.failure).length;
  const lines = [
    '# Benchmarks',
    '',
    `Written by \`npm run bench${report.quick ? ' -- --quick' : ''}\` (bench/run.ts) from one run, ` +
      `${report.startedAt} to ${report.finishedAt}, at ${report.revision}. ` +
      'Every ratio is a figure over its baseline measured in the same run, on the same machine; ' +
      'each section gives the command that reproduces it.',
    '',
    `- Machine: ${m.cores} × ${m.cpuModel}, ${m.memoryGiB.toFixed(1)} GiB RAM, ${m.os}, Node ${m.node}`,
    `- Load average (1 / 5 / 15 min): ${formatLoad(m.loadAtStart)} at the start, ${formatLoad(m.loadAtEnd)} at the end`,
    `- Benchmarks: ${report.outcomes.length} run, ${failed} failed`,
    '- What the profiles show, what was changed, and why each target is or is not met: ' +
      '[performance.md](performance.md) (by hand; this file is rewritten by every full run)',
  ];
  if (report.quick) {
    lines.push(
      '- Quick smoke run (`--quick`): reduced sizes; the figures only show that the benchmarks run.',
    );
  }
  if (m.loadAtStart[0] !== undefined && m.loadAtStart[0] > m.cores / 2) {
    lines.push(
      '- The machine was shared and loaded during this run: absolute figures are low and noisy; ' +
        'the same-run ratios are what matter.',
    );
  }
  lines.push('');
  for (const outcome of report.outcomes) {
    lines.push(...formatOutcome(outcome));
  }
  return `${lines.join('\n').trimEnd()}\n`;
}
