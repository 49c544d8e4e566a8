import { dirname, extname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

/** Parent variables a child may see; everything else (keys, database URLs, tokens) stays behind. */
export const CHILD_ENV_ALLOW_LIST: readonly string[] = [
  'PATH',
  'HOME',
  'TMPDIR',
  'TZ',
  'LANG',
  'LC_ALL',
  'NODE_ENV',
];

export interface ChildLaunch {
  /** The child entry to fork. */
  readonly modulePath: string;
  /** Replaces the parent's execArgv, so `--inspect`, Jest's and other flags are not inherited. */
  readonly execArgv: readonly string[];
  readonly args: readonly string[];
  /** Variables the launch itself needs in the child, added to the allow-listed ones. */
  readonly env: Readonly<Record<string, string>>;
}

export interface ChildLaunchOptions {
  readonly maxOldSpaceMb: number;
  /** A module exporting `loaders: Record<string, ExecutorLoader>`, used instead of the catalog. */
  readonly loadersModule?: string;
  /** Where the parent cannot read `/proc/<pid>/status`, the child reports its RSS this often. */
  readonly reportRssEveryMs?: number;
}

export const LOADERS_ARG = '--loaders=';
export const PARENT_PID_ARG = '--parent-pid=';
export const REPORT_RSS_ARG = '--report-rss-ms=';

/**
 * Under Jest (@swc/jest) and tsx this file is `.ts`: fork the child's `.ts` through tsx. In the
 * compiled build it is `.js`: fork the `.js` next to it with plain node.
 * The child runs in an empty directory of its own, where tsx would look for a tsconfig.json from
 * there up (`/tmp/tsconfig.json` included, which anyone may write): it is named explicitly.
 */
export function describeChildLaunch(
  options: ChildLaunchOptions,
  ownFile = __filename,
  resolveTsx: () => string = () => require.resolve('tsx'),
): ChildLaunch {
  const extension = extname(ownFile);
  const isTypeScript = extension === '.ts';
  const execArgv = [`--max-old-space-size=${options.maxOldSpaceMb}`];
  if (isTypeScript) {
    execArgv.unshift('--import', pathToFileURL(resolveTsx()).href);
  }
  const args = [`${PARENT_PID_ARG}${process.pid}`];
  if (options.loadersModule !== undefined) {
    args.push(`${LOADERS_ARG}${options.loadersModule}`);
  }
  if (options.reportRssEveryMs !== undefined) {
    args.push(`${REPORT_RSS_ARG}${options.reportRssEveryMs}`);
  }
  const repositoryRoot = resolve(dirname(ownFile), '..', '..', '..');
  return {
    modulePath: join(__dirname, `sandbox-child${isTypeScript ? '.ts' : '.js'}`),
    execArgv,
    args,
    env: isTypeScript ? { TSX_TSCONFIG_PATH: join(repositoryRoot, 'tsconfig.json') } : {},
  };
}

/** The child's environment: the allow-listed parent variables plus `extra`. */
export function pickChildEnv(
  parentEnv: Readonly<Record<string, string | undefined>>,
  extra: Readonly<Record<string, string>> = {},
): Record<string, string> {
  const env: Record<string, string> = {};
  for (const name of CHILD_ENV_ALLOW_LIST) {
    const value = parentEnv[name];
    if (value !== undefined) {
      env[name] = value;
    }
  }
  return { ...env, ...extra };
}

/** Reads `--name=value` from argv. */
export function readArg(argv: readonly string[], prefix: string): string | undefined {
  const found = argv.find((arg) => arg.startsWith(prefix));
  return found === undefined ? undefined : found.slice(prefix.length);
}
