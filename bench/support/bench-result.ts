/**
 * The common output of every benchmark: after its own human-readable table, a bench prints one
 * line `@@bench-result {json}` with its figures, which `npm run bench` (bench/run.ts) collects.
 * A bench never asserts a time; it measures and prints.
 */
export const RESULT_MARKER = '@@bench-result ';

/** One measured figure, with the baseline measured in the same run where there is one. */
export interface Figure {
  /** what was measured, e.g. "tx/s, 100 accounts, Polkadot.js clients" */
  readonly name: string;
  readonly value: number;
  /** e.g. "tx/s", "ms", "req/s", "MiB" */
  readonly unit: string;
  /** the same-run baseline; the report prints value / baseline.value as the ratio */
  readonly baseline?: {
    readonly name: string;
    readonly value: number;
    /** when it differs from the figure's (tx/s against req/s) */
    readonly unit?: string;
  };
  /** how to read the ratio: throughput is better higher, latency and memory lower */
  readonly better?: 'higher' | 'lower';
}

export interface BenchResult {
  /** short id, the bench file name without `.bench.ts` */
  readonly bench: string;
  readonly title: string;
  /** the command that reproduces these figures (with the options this run used) */
  readonly command: string;
  readonly figures: readonly Figure[];
  /** free-form lines: sizes, outcomes, caveats */
  readonly notes?: readonly string[];
}

/** Prints the result line; call it once, at the end of a successful run. */
export function reportResult(result: BenchResult): void {
  process.stdout.write(`${RESULT_MARKER}${JSON.stringify(result)}\n`);
}

/** The result line in a bench's output, or undefined when there is none (it failed first). */
export function parseResult(output: string): BenchResult | undefined {
  const line = output
    .split('\n')
    .reverse()
    .find((l) => l.startsWith(RESULT_MARKER));
  if (line === undefined) {
    return undefined;
  }
  const parsed = JSON.parse(line.slice(RESULT_MARKER.length)) as BenchResult;
  if (typeof parsed.bench !== 'string' || !Array.isArray(parsed.figures)) {
    throw new Error('malformed bench result line');
  }
  return parsed;
}

/** `--quick`: the short smoke mode every bench accepts (smaller sizes, same code paths). */
export function isQuick(argv: readonly string[] = process.argv): boolean {
  return argv.includes('--quick');
}

/** A numeric `--name value` option, or `fallback`. */
export function numberArg(name: string, fallback: number, argv = process.argv): number {
  const index = argv.indexOf(`--${name}`);
  if (index < 0) {
    return fallback;
  }
  const value = Number(argv[index + 1]);
  if (!Number.isFinite(value)) {
    throw new Error(`--${name} must be a number, got ${JSON.stringify(argv[index + 1])}`);
  }
  return value;
}

/** The command line that reproduces this run: `npx tsx bench/<file>` and the options given. */
export function commandLine(file: string, argv = process.argv): string {
  return ['npx tsx', file, ...argv.slice(2)].join(' ');
}

/** Runs a bench's `main`, reporting a failure on stderr with a non-zero exit status. */
export function runBench(name: string, main: () => Promise<void>): void {
  main().then(
    () => process.exit(0),
    (err: unknown) => {
      const text = err instanceof Error ? (err.stack ?? err.message) : String(err);
      process.stderr.write(`${name} bench failed: ${text}\n`);
      process.exit(1);
    },
  );
}
