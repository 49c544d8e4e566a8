/** One measured phase of the benchmark. */
export interface Measurement {
  label: string;
  /** operations that completed as required (tx: InBlock with ExtrinsicSuccess; rpc: a result) */
  ok: number;
  /** operations that were attempted but did not complete as required */
  failed: number;
  seconds: number;
  /** the time cap cut the phase short */
  capped: boolean;
}

export function perSecond(m: Measurement): number {
  return m.seconds > 0 ? m.ok / m.seconds : 0;
}

/** A fixed-width table: label, ok, failed, seconds, ops/s and the ratio to a baseline row. */
export function formatTable(rows: readonly { m: Measurement; baseline?: Measurement }[]): string {
  const header = ['phase', 'ok', 'failed', 'seconds', 'per s', 'vs baseline'];
  const body = rows.map(({ m, baseline }) => [
    m.label + (m.capped ? ' (capped)' : ''),
    String(m.ok),
    String(m.failed),
    m.seconds.toFixed(2),
    perSecond(m).toFixed(1),
    baseline ? `${(perSecond(m) / perSecond(baseline)).toFixed(3)} × ${baseline.label}` : '-',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((c, i) => (i === 0 || i === 5 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...body.map(line)].join('\n');
}

/** Times `run`; `isOpen()` turns false (and marks the phase capped) once `deadline` (ms epoch) passes. */
export async function timed(
  label: string,
  deadline: number,
  run: (isOpen: () => boolean) => Promise<{ ok: number; failed: number }>,
): Promise<Measurement> {
  let capped = false;
  const isOpen = () => {
    if (Date.now() >= deadline) {
      capped = true;
    }
    return !capped;
  };
  const started = process.hrtime.bigint();
  const { ok, failed } = await run(isOpen);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return { label, ok, failed, seconds, capped };
}
