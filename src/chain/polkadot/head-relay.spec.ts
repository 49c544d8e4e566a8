import type { BlockHeader } from '../chain-client';
import { NOOP_LOGGER } from '../../shared';
import { HeadRelay, type HeadSource } from './head-relay';

const header = (n: number, tag = ''): BlockHeader => ({
  number: BigInt(n),
  hash: `0x${tag}${n}`,
  parentHash: `0x${tag}${n - 1}`,
});

function source(tag = '', failAt?: number): HeadSource & { asked: bigint[] } {
  const asked: bigint[] = [];
  return {
    url: 'ws://x',
    asked,
    headerAt: (n) => {
      asked.push(n);
      if (failAt !== undefined && Number(n) === failAt) {
        return Promise.reject(new Error('boom'));
      }
      return Promise.resolve(header(Number(n), tag));
    },
  };
}

function collect(relay: HeadRelay): number[] {
  const seen: number[] = [];
  relay.subscribe((h) => seen.push(Number(h.number)));
  return seen;
}

describe('HeadRelay', () => {
  it('fills skipped heights from the source before delivering the head', async () => {
    const relay = new HeadRelay('finalized', 100, NOOP_LOGGER);
    const seen = collect(relay);
    const src = source();
    await relay.push(header(5), src);
    await relay.push(header(9), src);
    expect(seen).toEqual([5, 6, 7, 8, 9]);
    expect(src.asked).toEqual([6n, 7n, 8n]);
  });

  it('delivers repeated and lower heads as they come (at least once)', async () => {
    const relay = new HeadRelay('best', 100, NOOP_LOGGER);
    const seen = collect(relay);
    const src = source();
    for (const n of [3, 4, 4, 2, 3]) {
      await relay.push(header(n), src);
    }
    expect(seen).toEqual([3, 4, 4, 2, 3]);
  });

  it('bounds the gap fill', async () => {
    const relay = new HeadRelay('finalized', 2, NOOP_LOGGER);
    const seen = collect(relay);
    await relay.push(header(1), source());
    await relay.push(header(10), source());
    expect(seen).toEqual([1, 2, 3, 10]);
  });

  it('stops filling at a failed lookup and still delivers the head', async () => {
    const relay = new HeadRelay('finalized', 100, NOOP_LOGGER);
    const seen = collect(relay);
    await relay.push(header(1), source());
    await relay.push(header(6), source('', 4));
    expect(seen).toEqual([1, 2, 3, 6]);
  });

  it('keeps arrival order when pushes overlap, and isolates a throwing listener', async () => {
    const relay = new HeadRelay('finalized', 100, NOOP_LOGGER);
    relay.subscribe(() => {
      throw new Error('listener bug');
    });
    const seen = collect(relay);
    const src = source();
    await Promise.all([
      relay.push(header(1), src),
      relay.push(header(4), src),
      relay.push(header(5), src),
    ]);
    expect(seen).toEqual([1, 2, 3, 4, 5]);
  });

  it('stops delivering to an unsubscribed listener', async () => {
    const relay = new HeadRelay('best', 100, NOOP_LOGGER);
    const seen: number[] = [];
    const unsubscribe = relay.subscribe((h) => seen.push(Number(h.number)));
    await relay.push(header(1), source());
    unsubscribe();
    await relay.push(header(2), source());
    expect(seen).toEqual([1]);
  });
});
