/** Random cases per route in `npm test`; `npm run test:fuzz` runs 1,000. */
const DEFAULT_RUNS = 100;

/** How many random cases each API fuzz property runs: `API_FUZZ_RUNS`, or 100. */
export function apiFuzzRuns(setting = process.env['API_FUZZ_RUNS']): number {
  if (setting === undefined || setting.trim() === '') {
    return DEFAULT_RUNS;
  }
  const runs = Number(setting);
  if (!Number.isSafeInteger(runs) || runs < 1) {
    throw new Error(`API_FUZZ_RUNS must be a whole number of cases ≥ 1, not ${setting}`);
  }
  return runs;
}
