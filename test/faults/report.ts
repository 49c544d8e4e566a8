import { cpus } from 'node:os';
import type { Deployment } from './deployment';
import type { EpisodeRecord } from './episode-types';
import type { HarnessOptions } from './harness-options';
import type { SubmittedJob, TrafficTally } from './job-traffic';
import type { MevVerdict } from './judge';
import type { DeploymentVerdict } from './judge-types';
import type { PhaseResult } from './phase';
import { commandLineOf, livePids } from './processes';
import { EPISODE_KINDS, type EpisodeKind } from './profile';
import type { ProxyCounters } from './rpc-proxy';
import type { SecretFinding } from './secret-scan';
import type { HttpTally } from './service-http';

export interface RecoveryFigures {
  readonly count: number;
  readonly recovered: number;
  readonly p50Ms: number | null;
  readonly maxMs: number | null;
  readonly violations: readonly string[];
}

/** The numbers that must all be zero for the run to pass, each with what it counts. */
export interface Zeros {
  eventsMissing: number;
  eventsDoubled: number;
  eventsPhantomOrMisfiled: number;
  effectsMissing: number;
  effectsDoubled: number;
  effectsOutOfOrder: number;
  jobsLost: number;
  jobsNotTerminalNorFlagged: number;
  escrowsUnsettledNorFlagged: number;
  outboxStuck: number;
  projectionMismatches: number;
  apiMismatches: number;
  mevDoubled: number;
  answers5xx: number;
  secretsFound: number;
  faultsNotRecovered: number;
  faultViolations: number;
  unexpectedExits: number;
  orphanedSandboxProcesses: number;
  phasesNotSettled: number;
}

export interface FaultReport {
  readonly pass: boolean;
  readonly zeros: Zeros;
  readonly seed: number;
  readonly profile: string;
  readonly launcher: string;
  readonly command: string;
  readonly startedAt: string;
  readonly finishedAt: string;
  readonly durationMinutes: number;
  readonly machine: { readonly cpus: number; readonly node: string };
  readonly kills: number;
  readonly faults: Readonly<Record<string, RecoveryFigures>>;
  readonly skipped: Readonly<Record<string, string>>;
  readonly phases: readonly {
    readonly name: string;
    readonly durationMinutes: number;
    /** what was still open when the settle bound ran out; null when the phase settled */
    readonly openAtSettleBound: string | null;
    readonly verdict: DeploymentVerdict;
    readonly memory: {
      readonly startMiB: number | null;
      readonly endMiB: number | null;
      readonly maxMiB: number | null;
    };
    readonly incarnations: Readonly<Record<string, number>>;
    readonly unexpectedExits: readonly string[];
    readonly gracefulStops: readonly string[];
    readonly orphans: readonly string[];
  }[];
  readonly mev: MevVerdict;
  readonly traffic: {
    readonly jobs: number;
    readonly byKind: Readonly<Record<string, number>>;
    readonly intents: number;
    readonly refusedByChain: Readonly<Record<string, string>>;
    readonly retriedSteps: number;
    readonly abandoned: readonly string[];
  };
  readonly http: HttpTally;
  readonly proxy: ProxyCounters;
  readonly secrets: {
    readonly names: readonly string[];
    readonly files: number;
    readonly findings: readonly SecretFinding[];
  };
  readonly notes: readonly string[];
  readonly episodes: readonly EpisodeRecord[];
}

export interface ReportInput {
  readonly options: HarnessOptions;
  readonly startedAt: Date;
  readonly finishedAt: Date;
  readonly phases: readonly { result: PhaseResult; verdict: DeploymentVerdict }[];
  readonly deployments: readonly Deployment[];
  readonly mev: MevVerdict;
  readonly http: HttpTally;
  readonly secrets: FaultReport['secrets'];
  readonly traffic: {
    tally: TrafficTally;
    jobs: readonly SubmittedJob[];
    intents: readonly unknown[];
  };
  readonly proxy: ProxyCounters;
  readonly notes: readonly string[];
}

const MiB = 1024 * 1024;
const minutes = (ms: number) => Math.round((ms / 60_000) * 10) / 10;

export function percentile(values: readonly number[], p: number): number | null {
  if (values.length === 0) {
    return null;
  }
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

/** Sandbox children of dead incarnations still alive (killed here once counted). */
function orphansOf(deployment: Deployment): string[] {
  const orphans: string[] = [];
  for (const instance of deployment.instances) {
    for (const pid of instance.pids) {
      if (instance.process?.pid === pid && instance.isUp) {
        continue;
      }
      for (const child of livePids()) {
        const line = commandLineOf(child);
        if (
          line?.includes(`--parent-pid=${pid} `) === true ||
          line?.endsWith(`--parent-pid=${pid}`) === true
        ) {
          orphans.push(`${child} (parent ${instance.id} pid ${pid}): ${line.slice(0, 120)}`);
          try {
            process.kill(child, 'SIGKILL');
          } catch {
            // gone
          }
        }
      }
    }
  }
  return orphans;
}

export function buildReport(input: ReportInput): FaultReport {
  const episodes = input.phases.flatMap((phase) => phase.result.episodes);
  const faults: Record<string, RecoveryFigures> = {};
  for (const kind of EPISODE_KINDS) {
    const mine = episodes.filter((e) => e.kind === kind);
    if (mine.length === 0) {
      continue;
    }
    const times = mine.flatMap((e) => (e.recoveryMs === null ? [] : [e.recoveryMs]));
    faults[kind] = {
      count: mine.length,
      recovered: times.length,
      p50Ms: percentile(times, 50),
      maxMs: times.length === 0 ? null : Math.max(...times),
      violations: mine.flatMap((e) =>
        e.violation === undefined ? [] : [`${e.at} ${e.violation}`],
      ),
    };
  }
  const skipped: Record<string, string> = {};
  for (const phase of input.phases) {
    for (const [kind, reason] of Object.entries(phase.result.skipped)) {
      skipped[kind as EpisodeKind] = reason;
    }
  }
  const phases = input.phases.map((phase, i) => {
    const deployment = input.deployments[i]!;
    const rss = deployment.rss.map((s) => s.rssBytes);
    return {
      name: phase.verdict.name,
      durationMinutes: minutes(phase.result.durationMs),
      openAtSettleBound: phase.result.openAtSettleBound,
      verdict: phase.verdict,
      memory: {
        startMiB: rss.length === 0 ? null : Math.round(rss[0]! / MiB),
        endMiB: rss.length === 0 ? null : Math.round(rss[rss.length - 1]! / MiB),
        maxMiB: rss.length === 0 ? null : Math.round(Math.max(...rss) / MiB),
      },
      incarnations: Object.fromEntries(deployment.instances.map((x) => [x.id, x.incarnations])),
      unexpectedExits: deployment.instances.flatMap((x) =>
        x.unexpectedExits.map(
          (e) =>
            `${x.id}#${e.incarnation} ${JSON.stringify(e.exit)}: ${e.tail.split('\n').slice(-6).join(' | ')}`,
        ),
      ),
      gracefulStops: phase.result.gracefulStops,
      orphans: orphansOf(deployment),
    };
  });
  const v = input.phases.map((p) => p.verdict);
  const sum = (pick: (verdict: DeploymentVerdict) => readonly unknown[]) =>
    v.reduce((n, x) => n + pick(x).length, 0);
  const zeros: Zeros = {
    eventsMissing: sum((x) => x.events.missing),
    eventsDoubled: sum((x) => x.events.doubled),
    eventsPhantomOrMisfiled: sum((x) => [...x.events.phantom, ...x.events.misfiled]),
    effectsMissing: sum((x) => x.effects.missing),
    effectsDoubled:
      sum((x) => x.effects.doubled) +
      input.mev.doubledMembership.length +
      input.mev.executedTwice.length,
    effectsOutOfOrder: sum((x) => x.effects.outOfOrder),
    jobsLost: sum((x) => x.jobs.lost),
    jobsNotTerminalNorFlagged: sum((x) => x.jobs.notTerminalNorFlagged),
    escrowsUnsettledNorFlagged: sum((x) => x.escrows.unsettledNorFlagged),
    outboxStuck: sum((x) => x.outbox.stuck),
    projectionMismatches: sum((x) => x.projections.mismatches),
    apiMismatches: sum((x) => x.api.mismatches),
    mevDoubled: input.mev.notExecuted.length,
    answers5xx: input.http.serverErrors.length,
    secretsFound: input.secrets.findings.length,
    faultsNotRecovered: episodes.filter((e) => e.recoveryMs === null).length,
    faultViolations:
      episodes.filter((e) => e.violation !== undefined).length +
      phases.reduce((n, p) => n + p.gracefulStops.length, 0),
    unexpectedExits: phases.reduce((n, p) => n + p.unexpectedExits.length, 0),
    orphanedSandboxProcesses: phases.reduce((n, p) => n + p.orphans.length, 0),
    phasesNotSettled: phases.filter((p) => p.openAtSettleBound !== null).length,
  };
  const byKind: Record<string, number> = {};
  for (const job of input.traffic.jobs) {
    byKind[job.kind] = (byKind[job.kind] ?? 0) + 1;
  }
  return {
    pass: Object.values(zeros).every((n) => n === 0),
    zeros,
    seed: input.options.seed,
    profile: input.options.profile.name,
    launcher: input.options.launcher,
    command: input.options.command,
    startedAt: input.startedAt.toISOString(),
    finishedAt: input.finishedAt.toISOString(),
    durationMinutes: minutes(input.finishedAt.getTime() - input.startedAt.getTime()),
    machine: { cpus: cpus().length, node: process.version },
    kills: (faults['kill']?.count ?? 0) + (faults['leader-killed']?.count ?? 0),
    faults,
    skipped,
    phases,
    mev: input.mev,
    traffic: {
      jobs: input.traffic.jobs.length,
      byKind,
      intents: input.traffic.intents.length,
      refusedByChain: input.traffic.tally.refusedByChain,
      retriedSteps: input.traffic.tally.retriedSteps,
      abandoned: input.traffic.tally.abandoned,
    },
    http: input.http,
    proxy: input.proxy,
    secrets: input.secrets,
    notes: input.notes,
    episodes,
  };
}

/** JSON with bigints as decimal strings. */
export function reportJson(report: FaultReport): string {
  return JSON.stringify(
    report,
    (_key, value: unknown) => (typeof value === 'bigint' ? value.toString() : value),
    2,
  );
}
