import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { readRssBytes } from './read-rss';

const hasProc = existsSync('/proc/self/status');
const MIB = 1024 * 1024;

/**
 * A fresh node process that allocates `mib` MiB of native Buffer memory, touches every page and
 * says "ready". Fresh processes, not this worker: a long-lived process may reuse pages already
 * resident (glibc's dynamic mmap threshold), so its own RSS delta proves nothing.
 */
async function holder(mib: number): Promise<ChildProcess> {
  const child = spawn(
    process.execPath,
    [
      '-e',
      `globalThis.held = Buffer.alloc(${mib} * 1024 * 1024, 1); process.stdout.write('ready\\n'); process.stdin.resume();`,
    ],
    { stdio: ['pipe', 'pipe', 'inherit'] },
  );
  const [chunk] = (await once(child.stdout, 'data')) as [Buffer];
  expect(chunk.toString()).toBe('ready\n');
  return child;
}

describe('readRssBytes', () => {
  const children: ChildProcess[] = [];
  afterAll(() => children.forEach((child) => child.kill('SIGKILL')));

  (hasProc ? it : it.skip)(
    'reads a live process RSS from /proc, native Buffers included',
    async () => {
      const empty = await holder(0);
      const full = await holder(64);
      children.push(empty, full);

      const emptyRss = await readRssBytes(empty.pid!);
      const fullRss = await readRssBytes(full.pid!);

      expect(emptyRss).toBeGreaterThan(0);
      expect((fullRss ?? 0) - (emptyRss ?? 0)).toBeGreaterThan(48 * MIB);
    },
  );

  it('gives undefined for a process that does not exist', async () => {
    expect(await readRssBytes(2 ** 30)).toBeUndefined();
  });
});
