import { existsSync } from 'node:fs';
import { readRssBytes } from './read-rss';

const hasProc = existsSync('/proc/self/status');

describe('readRssBytes', () => {
  (hasProc ? it : it.skip)(
    'reads a live process RSS from /proc, native Buffers included',
    async () => {
      const before = await readRssBytes(process.pid);
      const held = Buffer.alloc(64 * 1024 * 1024, 1);

      const after = await readRssBytes(process.pid);

      expect(held.length).toBeGreaterThan(0);
      expect(before).toBeGreaterThan(0);
      expect((after ?? 0) - (before ?? 0)).toBeGreaterThan(48 * 1024 * 1024);
    },
  );

  it('gives undefined for a process that does not exist', async () => {
    expect(await readRssBytes(2 ** 30)).toBeUndefined();
  });
});
