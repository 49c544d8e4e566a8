/**
 * A devnet in its own process, for benchmarks: `npx tsx bench/support/devnet-process.ts [--instant]`
 * prints one JSON line `{"url": …}` once it listens on 127.0.0.1 (a free port) and stops cleanly
 * on SIGTERM/SIGINT (or when stdin closes, with `--exit-with-stdin`), so `node --cpu-prof` can write its profile.
 */
import { parseArgs } from 'node:util';
import { startDevnet } from '../../devnet/devnet';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      instant: { type: 'boolean', default: false },
      'block-time': { type: 'string', default: '1000' },
      'finality-delay': { type: 'string' },
      'exit-with-stdin': { type: 'boolean', default: false },
    },
  });
  const devnet = await startDevnet({
    port: 0,
    host: '127.0.0.1',
    instant: values.instant,
    blockTimeMs: Number(values['block-time']),
    finalityDelayMs:
      values['finality-delay'] === undefined ? undefined : Number(values['finality-delay']),
  });
  let stopping = false;
  const stop = () => {
    if (stopping) {
      return;
    }
    stopping = true;
    void devnet.stop().then(() => process.exit(0));
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  if (values['exit-with-stdin']) {
    process.stdin.on('end', stop);
    process.stdin.resume();
  }
  process.stdout.write(`${JSON.stringify({ url: devnet.url })}\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(
    `devnet process failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
  );
  process.exit(1);
});
