/** Pure formatting for the dashboard: amounts, durations, hex, times. */

/** Planck per PAS (10 decimals). */
export const PLANCK_DECIMALS = 10;
/** Contract units per PAS: the revive contracts store planck × 1e8. */
export const CONTRACT_UNIT_DECIMALS = 18;

/**
 * A non-negative or negative integer amount with `decimals` implied decimals, as text with at most
 * `fractionDigits` fraction digits (truncated toward zero, trailing zeros kept to that width) and
 * thousands separators: `formatFixed(12345678900000n, 10)` is `1,234.5678`.
 */
export function formatFixed(value: bigint, decimals: number, fractionDigits = 4): string {
  const negative = value < 0n;
  const abs = negative ? -value : value;
  const scale = 10n ** BigInt(decimals);
  const whole = (abs / scale).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const fraction =
    decimals === 0 ? '' : (abs % scale).toString().padStart(decimals, '0').slice(0, fractionDigits);
  return `${negative ? '-' : ''}${whole}${fraction === '' ? '' : `.${fraction}`}`;
}

/** Planck (decimal string or bigint) as PAS text, e.g. `1.0000 PAS`. Null stays `–`. */
export function planckToPas(planck: string | bigint | null | undefined): string {
  return planck === null || planck === undefined
    ? '–'
    : `${formatFixed(BigInt(planck), PLANCK_DECIMALS)} PAS`;
}

/** Contract units (planck × 1e8, decimal string) as PAS text. */
export function unitsToPas(units: string | bigint | null | undefined): string {
  return units === null || units === undefined
    ? '–'
    : `${formatFixed(BigInt(units), CONTRACT_UNIT_DECIMALS)} PAS`;
}

/** Milliseconds as `850 ms`, `12.3 s`, `4 min 05 s`, `2 h 03 min`. */
export function formatMs(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) {
    return '–';
  }
  if (ms < 1000) {
    return `${Math.round(ms)} ms`;
  }
  if (ms < 60_000) {
    return `${(ms / 1000).toFixed(1)} s`;
  }
  const totalSeconds = Math.round(ms / 1000);
  if (totalSeconds < 3600) {
    return `${Math.floor(totalSeconds / 60)} min ${String(totalSeconds % 60).padStart(2, '0')} s`;
  }
  const minutes = Math.floor(totalSeconds / 60);
  return `${Math.floor(minutes / 60)} h ${String(minutes % 60).padStart(2, '0')} min`;
}

/** `0x1234…cdef` for long hex, the text itself when short. */
export function shortHex(hex: string | null | undefined, keep = 6): string {
  if (hex === null || hex === undefined) {
    return '–';
  }
  return hex.length <= keep * 2 + 3 ? hex : `${hex.slice(0, keep + 2)}…${hex.slice(-keep)}`;
}

/** Whole seconds elapsed between an ISO time and `now`, as `12 s ago`, `3 min ago`. */
export function timeAgo(iso: string | null | undefined, now: Date): string {
  if (iso === null || iso === undefined) {
    return '–';
  }
  const seconds = Math.max(0, Math.round((now.getTime() - Date.parse(iso)) / 1000));
  if (seconds < 60) {
    return `${seconds} s ago`;
  }
  if (seconds < 3600) {
    return `${Math.floor(seconds / 60)} min ago`;
  }
  return `${Math.floor(seconds / 3600)} h ago`;
}

/** `HH:MM:SS` of an ISO time in the browser's zone. */
export function clockTime(iso: string): string {
  const d = new Date(iso);
  return [d.getHours(), d.getMinutes(), d.getSeconds()]
    .map((n) => String(n).padStart(2, '0'))
    .join(':');
}
