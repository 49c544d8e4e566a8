import { reuseFor } from './reuse-for';

describe('reuseFor', () => {
  let clock: number;
  let loads: number;
  const load = () => Promise.resolve(++loads);

  beforeEach(() => {
    clock = 0;
    loads = 0;
  });

  it('reuses the answer until ttl has passed, and shares one load between concurrent callers', async () => {
    const read = reuseFor(1_000, () => clock, load);
    await expect(Promise.all([read(), read()])).resolves.toEqual([1, 1]);
    clock = 999;
    await expect(read()).resolves.toBe(1);
    clock = 1_000;
    await expect(read()).resolves.toBe(2);
    expect(loads).toBe(2);
  });

  it('loads every time with a ttl of 0', async () => {
    const read = reuseFor(0, () => clock, load);
    await read();
    await read();
    expect(loads).toBe(2);
  });
});
