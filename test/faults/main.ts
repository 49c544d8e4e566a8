/**
 * `npm run test:faults -- [--seed N] [--profile full|reduced] [--launcher dist|tsx] [--out DIR]
 *  [--deployments sqlite,postgres] [--soak 60m]`: the fault harness (or the soak) and its guarantees report.
 */
import { randomInt } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { abortFaultHarness, runFaultHarness } from './harness';
import type { DeploymentName } from './harness-options';
import { ensureBuilt, REPO_ROOT, type Launcher } from './processes';
import { FULL_PROFILE, plannedKills, REDUCED_PROFILE } from './profile';
import { renderMarkdown } from './report-markdown';
import { reportJson } from './report';
import { parseDuration, runSoak } from './soak';

interface Args {
  seed: number;
  profile: 'full' | 'reduced';
  launcher: Launcher;
  out: string | null;
  soakMs: number | null;
  deployments: DeploymentName[];
}

function parseArgs(argv: readonly string[]): Args {
  const args: Args = {
    seed: randomInt(1, 2 ** 31),
    profile: 'full',
    launcher: 'dist',
    out: null,
    soakMs: null,
    deployments: ['sqlite', 'postgres'],
  };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = argv[i + 1];
    const take = () => {
      i++;
      if (value === undefined) {
        throw new Error(`${flag} needs a value`);
      }
      return value;
    };
    switch (flag) {
      case '--seed':
        args.seed = Number(take());
        if (!Number.isSafeInteger(args.seed)) {
          throw new Error('--seed takes an integer');
        }
        break;
      case '--profile': {
        const profile = take();
        if (profile !== 'full' && profile !== 'reduced') {
          throw new Error('--profile is full or reduced');
        }
        args.profile = profile;
        break;
      }
      case '--launcher': {
        const launcher = take();
        if (launcher !== 'dist' && launcher !== 'tsx') {
          throw new Error('--launcher is dist or tsx');
        }
        args.launcher = launcher;
        break;
      }
      case '--out':
        args.out = take();
        break;
      case '--deployments': {
        const names = take().split(',');
        if (names.length === 0 || names.some((n) => n !== 'sqlite' && n !== 'postgres')) {
          throw new Error('--deployments is sqlite, postgres or sqlite,postgres');
        }
        args.deployments = names as DeploymentName[];
        break;
      }
      case '--soak':
        args.soakMs = parseDuration(take());
        break;
      default:
        throw new Error(`unknown argument ${flag}`);
    }
  }
  return args;
}

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  const say = (line: string) =>
    process.stdout.write(`${new Date().toISOString().slice(11, 19)} ${line}\n`);
  const stamp = new Date().toISOString().replace(/[:.]/g, '-').slice(0, 19);
  const kind = args.soakMs === null ? `${args.profile}-seed${args.seed}` : `soak-seed${args.seed}`;
  const outDir = args.out ?? join(REPO_ROOT, 'test-artifacts/faults', `${stamp}-${kind}`);
  mkdirSync(outDir, { recursive: true });
  if (args.launcher === 'dist') {
    ensureBuilt(say);
  }
  if (args.soakMs !== null) {
    say(`soak for ${Math.round(args.soakMs / 60_000)} min, seed ${args.seed}; output in ${outDir}`);
    const soak = await runSoak({
      seed: args.seed,
      durationMs: args.soakMs,
      launcher: args.launcher,
      outDir,
      say,
    });
    say(`soak ${soak.pass ? 'PASS' : 'FAIL'}: ${soak.verdict}; report ${join(outDir, 'soak.md')}`);
    return soak.pass ? 0 : 1;
  }
  const profile = args.profile === 'full' ? FULL_PROFILE : REDUCED_PROFILE;
  const only = args.deployments.length === 2 ? '' : ` --deployments ${args.deployments.join(',')}`;
  const command = `npm run test:faults -- --seed ${args.seed} --profile ${args.profile} --launcher ${args.launcher}${only}`;
  say(
    `fault run, seed ${args.seed} (profile ${profile.name}: ${plannedKills(profile)} kills planned); output in ${outDir}`,
  );
  say(`reproduce with: ${command}`);
  const report = await runFaultHarness({
    profile,
    seed: args.seed,
    launcher: args.launcher,
    outDir,
    say,
    command,
    deployments: args.deployments,
  });
  const markdown = renderMarkdown(report);
  writeFileSync(join(outDir, 'report.md'), markdown);
  writeFileSync(join(outDir, 'report.json'), reportJson(report));
  process.stdout.write(`\n${markdown}\n`);
  say(
    `guarantees report: ${join(outDir, 'report.md')} and report.json (logs in ${join(outDir, 'logs')})`,
  );
  return report.pass ? 0 : 1;
}

let aborting = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (aborting) {
      return;
    }
    aborting = true;
    process.stderr.write(`\n${signal}: stopping what the run started\n`);
    void abortFaultHarness().finally(() => process.exit(130));
  });
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    if (aborting) {
      // the abort's cleanup closed what the run was using; it exits once everything is stopped
      return;
    }
    process.stderr.write(
      `fault harness: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
    );
    process.exit(2);
  },
);
