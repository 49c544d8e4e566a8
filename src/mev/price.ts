/**
 * A clearing price as an exact rational: `num` smallest units of the output token per `den`
 * smallest units of the input token. Always positive and reduced, so equal prices compare equal
 * and format to the same text.
 */
export interface Price {
  readonly num: bigint;
  readonly den: bigint;
}

export function price(num: bigint, den: bigint): Price {
  if (num <= 0n || den <= 0n) {
    throw new RangeError(`a price needs a positive numerator and denominator, got ${num}/${den}`);
  }
  const divisor = gcd(num, den);
  return { num: num / divisor, den: den / divisor };
}

/** What `amountIn` buys at `p`, rounded down (an intent never gets more than the price gives). */
export function outputAt(p: Price, amountIn: bigint): bigint {
  return (amountIn * p.num) / p.den;
}

/** The `execution_price` string sent to `execute_batch`: `<num>/<den>`, reduced, e.g. `3/2`. */
export function formatExecutionPrice(p: Price): string {
  return `${p.num}/${p.den}`;
}

const PRICE_TEXT = /^([1-9][0-9]*)\/([1-9][0-9]*)$/;

/** The price of an `execution_price` string in the canonical `<num>/<den>` form, else null. */
export function parseExecutionPrice(text: string): Price | null {
  const match = PRICE_TEXT.exec(text);
  if (match === null || text.length > 160) {
    return null;
  }
  const parsed = price(BigInt(match[1] as string), BigInt(match[2] as string)); // groups always match
  return formatExecutionPrice(parsed) === text ? parsed : null;
}

function gcd(a: bigint, b: bigint): bigint {
  while (b !== 0n) {
    [a, b] = [b, a % b];
  }
  return a;
}
