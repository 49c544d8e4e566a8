import { InvalidArgumentError } from 'commander';
import { NATIVE_TO_ETH_RATIO } from '../src/contracts';

/** PAS has 10 decimals: 1 PAS = 10^10 planck. */
export const PAS_DECIMALS = 10;
const PLANCK_PER_PAS = 10n ** BigInt(PAS_DECIMALS);
/** The contracts keep amounts as u128 contract units (planck × 1e8), so larger values cannot exist. */
const MAX_PLANCK = ((1n << 128n) - 1n) / NATIVE_TO_ETH_RATIO;
const DECIMAL_PAS = /^(\d+)(?:\.(\d+))?$/;

/**
 * An option parser for a PAS amount written as a decimal (`1`, `0.25`, up to 10 decimals), to
 * planck. Zero, negative, exponent and hex forms are refused with a message naming the option.
 */
export function pasAmountOption(name: string): (raw: string) => bigint {
  return (raw: string) => {
    const match = DECIMAL_PAS.exec(raw.trim());
    const whole = match?.[1];
    const fraction = match?.[2] ?? '';
    if (whole === undefined || fraction.length > PAS_DECIMALS) {
      throw new InvalidArgumentError(
        `${name} must be a positive PAS amount with at most ${PAS_DECIMALS} decimals (e.g. 0.1), got ${JSON.stringify(raw)}.`,
      );
    }
    const planck = BigInt(whole) * PLANCK_PER_PAS + BigInt(fraction.padEnd(PAS_DECIMALS, '0'));
    if (planck === 0n) {
      throw new InvalidArgumentError(`${name} must be more than 0 PAS.`);
    }
    if (planck > MAX_PLANCK) {
      throw new InvalidArgumentError(`${name} is larger than the contracts can hold (u128 units).`);
    }
    return planck;
  };
}

/** Planck as PAS without trailing zeros: 1_500_000_000n -> `0.15`. */
export function formatPas(planck: bigint): string {
  const sign = planck < 0n ? '-' : '';
  const magnitude = planck < 0n ? -planck : planck;
  const whole = magnitude / PLANCK_PER_PAS;
  const fraction = (magnitude % PLANCK_PER_PAS)
    .toString()
    .padStart(PAS_DECIMALS, '0')
    .replace(/0+$/, '');
  return `${sign}${whole}${fraction === '' ? '' : `.${fraction}`}`;
}
