import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { join } from 'node:path';
import { startDevnet } from '../../devnet/devnet';

export interface BenchDevnet {
  url: string;
  /** where it runs: "own process" or "this process" */
  where: string;
  stop(): Promise<void>;
}

export interface BenchDevnetOptions {
  instant: boolean;
  /** delay between a block and its finality (the devnet's default: 200 ms in instant mode) */
  finalityDelayMs?: number;
  /** run it in this process instead of a child process */
  inline?: boolean;
  /** extra node options for the child, e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof` */
  nodeArgs?: readonly string[];
}

const ENTRY = join(__dirname, 'devnet-process.ts');

/**
 * A devnet on a free loopback port for a benchmark: by default in its own process (as
 * `polkamesh devnet` runs next to its clients), so that the clients' CPU time is not the node's.
 */
export async function startBenchDevnet(options: BenchDevnetOptions): Promise<BenchDevnet> {
  if (options.inline) {
    const devnet = await startDevnet({
      port: 0,
      host: '127.0.0.1',
      instant: options.instant,
      finalityDelayMs: options.finalityDelayMs,
    });
    return { url: devnet.url, where: 'this process', stop: () => devnet.stop() };
  }
  const args = [
    ...(options.nodeArgs ?? []),
    '--import',
    'tsx',
    ENTRY,
    '--exit-with-stdin',
    ...(options.instant ? ['--instant'] : []),
    ...(options.finalityDelayMs === undefined
      ? []
      : [`--finality-delay=${options.finalityDelayMs}`]),
  ];
  const child = spawn(process.execPath, args, { stdio: ['pipe', 'pipe', 'inherit'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = await new Promise<string>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout });
    lines.once('line', (line) => {
      try {
        resolve((JSON.parse(line) as { url: string }).url);
      } catch {
        reject(new Error(`devnet process said ${JSON.stringify(line)}`));
      }
    });
    child.once('exit', (code) => reject(new Error(`devnet process exited with ${code}`)));
  });
  return {
    url,
    where: 'own process',
    stop: async () => {
      child.stdin.end();
      await exited;
    },
  };
}
