import fc from 'fast-check';
import { formatExecutionRoute, parseExecutionRoute } from './execution-route';
import { price } from './price';

describe('execution routes', () => {
  it('writes the documented form', () => {
    expect(formatExecutionRoute({ tokenIn: 'DOT', tokenOut: 'USDT' }, price(6n, 4n))).toBe(
      'fair-batch:v1:DOT:USDT:3/2',
    );
    expect(formatExecutionRoute({ tokenIn: 'a:b', tokenOut: 'c/d e' }, price(1n, 1n))).toBe(
      'fair-batch:v1:a%3Ab:c%2Fd%20e:1/1',
    );
  });

  it('parses back any pair and price', () => {
    const token = fc.string({ unit: 'grapheme', maxLength: 12 });
    const positive = fc.bigInt({ min: 1n, max: 10n ** 40n });
    fc.assert(
      fc.property(token, token, positive, positive, (tokenIn, tokenOut, num, den) => {
        const pair = { tokenIn, tokenOut };
        const clearingPrice = price(num, den);
        expect(parseExecutionRoute(formatExecutionRoute(pair, clearingPrice))).toEqual({
          pair,
          clearingPrice,
        });
      }),
    );
  });

  it.each([
    'Direct DEX',
    'fair-batch:v2:DOT:USDT:3/2',
    'fair-batch:v1:DOT:USDT:6/4',
    'fair-batch:v1:DOT:USDT',
    'fair-batch:v1:DOT:US:DT:3/2',
    'fair-batch:v1:%E0%A4%A:USDT:3/2',
    'fair-batch:v1:D%4fT:USDT:3/2',
  ])('refuses %j', (text) => {
    expect(parseExecutionRoute(text)).toBeNull();
  });
});
