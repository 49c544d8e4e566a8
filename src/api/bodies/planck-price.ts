import { NATIVE_TO_ETH_RATIO } from '../../contracts';

/**
 * A price stored in contract units (planck × 1e8, spec §1.3) in planck, the unit of the web
 * frontend's shapes. A sub-planck remainder rounds UP: a payment is made in whole planck and
 * reaches the contract as planck × 1e8, so the least payment that covers the price is the ceiling
 * (e.g. `grant_access` accepts 1 planck for an access_price of 1 unit, refuses 0). The exact value
 * is sent beside it in contract units.
 */
export function planckPrice(units: bigint): string {
  if (units < 0n) {
    throw new RangeError(`a price is never negative, got ${units}`);
  }
  return ((units + NATIVE_TO_ETH_RATIO - 1n) / NATIVE_TO_ETH_RATIO).toString();
}
