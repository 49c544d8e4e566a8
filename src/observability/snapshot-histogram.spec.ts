import { Registry } from 'prom-client';
import { SnapshotHistogram } from './snapshot-histogram';

describe('SnapshotHistogram', () => {
  it('renders bucket counts as cumulative buckets with sum and count', async () => {
    const registry = new Registry();
    new SnapshotHistogram(
      { name: 'test_seconds', help: 'test', labelNames: ['span'], buckets: [1, 5] },
      () => Promise.resolve([{ labels: { span: 'a' }, counts: [2, 0, 3], sum: 31.5, count: 5 }]),
      registry,
    );
    const text = await registry.metrics();
    expect(text).toContain('# TYPE test_seconds histogram');
    expect(text.split('\n').filter((l) => l.startsWith('test_seconds'))).toEqual([
      'test_seconds_bucket{span="a",le="1"} 2',
      'test_seconds_bucket{span="a",le="5"} 2',
      'test_seconds_bucket{span="a",le="+Inf"} 5',
      'test_seconds_sum{span="a"} 31.5',
      'test_seconds_count{span="a"} 5',
    ]);
  });

  it('exports no series when its source failed', async () => {
    const registry = new Registry();
    new SnapshotHistogram(
      { name: 'empty_seconds', help: 'test', labelNames: [], buckets: [1] },
      () => Promise.resolve(null),
      registry,
    );
    const text = await registry.metrics();
    expect(text.split('\n').filter((l) => l.startsWith('empty_seconds'))).toEqual([]);
  });
});
