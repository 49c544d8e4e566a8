import {
  encodeBase64JsonPayload,
  encryptConfidentialPayload,
  serviceKeyPairFromSeed,
} from '../confidential';
import {
  intentPayloadJson,
  openIntent,
  openPendingIntents,
  type OnChainIntent,
} from './pending-intent';

const service = serviceKeyPairFromSeed(new Uint8Array(32).fill(3));
const terms = { tokenIn: 'DOT', tokenOut: 'USDT', minOutput: 950n };

function onChain(
  id: bigint,
  encryptedIntent: string,
  status: OnChainIntent['status'] = 'Pending',
): OnChainIntent {
  return { intentId: id, encryptedIntent, status, ...terms };
}

describe('openIntent', () => {
  it('opens a sealed intent and takes the amount from it', () => {
    const sealed = encryptConfidentialPayload(
      intentPayloadJson({ ...terms, amountIn: 1000n }),
      service.publicKey,
    );
    expect(openIntent(onChain(4n, sealed), service)).toEqual({
      ok: true,
      form: 'pmenc1',
      intent: { intentId: 4n, ...terms, amountIn: 1000n },
    });
    expect(openIntent(onChain(4n, sealed), null)).toMatchObject({
      ok: false,
      intentId: 4n,
      code: 'no-key',
    });
  });

  it('accepts the plain base64 form, which hides nothing', () => {
    const plain = encodeBase64JsonPayload(intentPayloadJson({ ...terms, amountIn: 5n }));
    expect(openIntent(onChain(1n, plain), null)).toMatchObject({ ok: true, form: 'base64-json' });
  });

  it.each([
    [{ amountIn: '1000', tokenIn: 'DOT', tokenOut: 'USDC', minOutput: '950' }, 'tokenOut differs'],
    [{ amountIn: '1000', tokenIn: 'DOT', tokenOut: 'USDT', minOutput: '1' }, 'minOutput differs'],
    [
      { amountIn: '0', tokenIn: 'DOT', tokenOut: 'USDT', minOutput: '950' },
      'amountIn must be at least 1',
    ],
    [{ amountIn: 1000, tokenIn: 'DOT', tokenOut: 'USDT', minOutput: '950' }, 'decimal string'],
    [{ amountIn: '1000', tokenIn: 'DOT', tokenOut: 'USDT' }, 'missing field(s) minOutput'],
    [
      { amountIn: '1000', tokenIn: 'DOT', tokenOut: 'USDT', minOutput: '950', user: 'x' },
      'unknown field(s) "user"',
    ],
  ])('refuses the payload %j', (json, hint) => {
    const out = openIntent(onChain(2n, encodeBase64JsonPayload(json)), service);
    expect(out).toMatchObject({ ok: false, intentId: 2n, code: 'invalid-fields' });
    expect(!out.ok && out.reason).toContain(hint);
  });

  it('opens only Pending intents and reports the ones it cannot open', () => {
    const good = encodeBase64JsonPayload(intentPayloadJson({ ...terms, amountIn: 7n }));
    const out = openPendingIntents(
      [
        onChain(1n, good),
        onChain(2n, good, 'Batched'),
        onChain(3n, 'not base64!'),
        onChain(4n, good, 'Executed'),
      ],
      null,
    );
    expect(out.pending.map((i) => i.intentId)).toEqual([1n]);
    expect(out.rejected).toMatchObject([{ intentId: 3n, code: 'not-base64' }]);
  });
});
