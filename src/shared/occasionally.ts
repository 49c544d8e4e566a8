/**
 * Rate-limits a repeated report (a log line under a flood): `report` runs at most once per
 * `periodMs`, and is told how many calls it left out since it last ran.
 */
export function occasionally(
  periodMs: number,
  now: () => number = Date.now,
): (report: (skipped: number) => void) => void {
  let last = -Infinity;
  let skipped = 0;
  return (report) => {
    const at = now();
    if (at - last < periodMs) {
      skipped += 1;
      return;
    }
    last = at;
    report(skipped);
    skipped = 0;
  };
}
