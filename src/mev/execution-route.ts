import { formatExecutionPrice, parseExecutionPrice, type Price } from './price';
import type { TokenPair } from './token-pair';

/**
 * The `execution_route` string sent to `create_batch`:
 * `fair-batch:v1:<tokenIn>:<tokenOut>:<num>/<den>`, tokens percent-encoded (encodeURIComponent),
 * price as in `formatExecutionPrice`. The same pair and price always give the same text.
 */
const ROUTE_PREFIX = 'fair-batch:v1:';

export function formatExecutionRoute(pair: TokenPair, p: Price): string {
  return `${ROUTE_PREFIX}${encodeURIComponent(pair.tokenIn)}:${encodeURIComponent(pair.tokenOut)}:${formatExecutionPrice(p)}`;
}

export interface ExecutionRoute {
  readonly pair: TokenPair;
  readonly clearingPrice: Price;
}

/** The pair and price of a route this service wrote, else null (other writers use other forms). */
export function parseExecutionRoute(text: string): ExecutionRoute | null {
  if (!text.startsWith(ROUTE_PREFIX)) {
    return null;
  }
  const parts = text.slice(ROUTE_PREFIX.length).split(':');
  if (parts.length !== 3) {
    return null;
  }
  const [tokenIn, tokenOut, priceText] = parts as [string, string, string];
  const clearingPrice = parseExecutionPrice(priceText);
  const pair = { tokenIn: decodeToken(tokenIn), tokenOut: decodeToken(tokenOut) };
  if (clearingPrice === null || pair.tokenIn === null || pair.tokenOut === null) {
    return null;
  }
  const route = { pair: { tokenIn: pair.tokenIn, tokenOut: pair.tokenOut }, clearingPrice };
  return formatExecutionRoute(route.pair, clearingPrice) === text ? route : null;
}

function decodeToken(text: string): string | null {
  try {
    return decodeURIComponent(text);
  } catch {
    return null;
  }
}
