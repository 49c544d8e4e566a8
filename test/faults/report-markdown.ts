import type { FaultReport, Zeros } from './report';

const ZERO_LABELS: Readonly<Record<keyof Zeros, string>> = {
  eventsMissing: 'contract events on-chain but not in the store',
  eventsDoubled: 'contract events stored twice',
  eventsPhantomOrMisfiled: 'stored events not on-chain, or decoded/quarantined wrongly',
  effectsMissing:
    'on-chain effects missing (mark, attestation, processed, deposit, release/refund)',
  effectsDoubled:
    'on-chain effects doubled (same step twice; intent in two batches; batch executed twice)',
  effectsOutOfOrder: 'Completed before its attestation was on-chain',
  jobsLost: 'jobs assigned on-chain that the service never recorded',
  jobsNotTerminalNorFlagged: 'jobs neither terminal (and followed up) nor flagged with a reason',
  escrowsUnsettledNorFlagged: 'escrows neither released, refunded nor flagged',
  outboxStuck: 'outbox actions still pending at the end',
  projectionMismatches: 'projections differing from the getters',
  apiMismatches: 'API answers differing from the chain or the store',
  mevDoubled: 'MEV batches created but never executed',
  answers5xx:
    'answers 5xx (other than the documented 503s: /ready, STORAGE_UNAVAILABLE, UNAVAILABLE, closing)',
  secretsFound: 'configured secrets found in logs or answers',
  faultsNotRecovered: 'faults after which the service did not recover in time',
  faultViolations: 'broken promises of a fault (drain exit ≠ 0, attempt aborted, no takeover)',
  unexpectedExits: 'service exits nobody asked for (restarted by the harness)',
  orphanedSandboxProcesses: 'sandbox children outliving their killed service',
  phasesNotSettled:
    'phases where jobs, outbox actions or the stored cursor had not all ended or caught up by the settle bound',
};

const seconds = (ms: number | null) => (ms === null ? '–' : `${(ms / 1000).toFixed(1)} s`);

/** The guarantees report as markdown: the zeros first, then the figures behind them. */
export function renderMarkdown(report: FaultReport): string {
  const lines: string[] = [];
  lines.push(`# Guarantees report: ${report.pass ? 'PASS' : 'FAIL'}`, '');
  lines.push(
    `Seed **${report.seed}**, profile \`${report.profile}\` (${report.launcher}), ${report.durationMinutes} min from ${report.startedAt} on ${report.machine.cpus} CPUs, Node ${report.machine.node}.`,
    `Reproduce: \`${report.command}\``,
    '',
    `${report.kills} kills (SIGKILL), ${report.traffic.jobs} jobs, ${report.traffic.intents} MEV intents, ` +
      `${report.phases.reduce((n, p) => n + p.verdict.events.onChain, 0)} contract events judged, ${report.http.requests} API requests.`,
    '',
    '## The zeros',
    '',
    '| Promise | Found |',
    '| --- | ---: |',
  );
  for (const [key, label] of Object.entries(ZERO_LABELS)) {
    lines.push(`| ${label} | ${report.zeros[key as keyof Zeros]} |`);
  }
  lines.push(
    '',
    '## Faults injected and recovery',
    '',
    '| Fault | Count | Recovered | p50 | max |',
    '| --- | ---: | ---: | ---: | ---: |',
  );
  for (const [kind, figures] of Object.entries(report.faults)) {
    lines.push(
      `| ${kind} | ${figures.count} | ${figures.recovered} | ${seconds(figures.p50Ms)} | ${seconds(figures.maxMs)} |`,
    );
  }
  for (const [kind, reason] of Object.entries(report.skipped)) {
    lines.push(`| ${kind} | skipped: ${reason} | | | |`);
  }
  lines.push(
    '',
    'Recovery: from the end of the fault (the kill, the end of the stall, the disk freed) until every live instance answers `/ready` 200 and the stored finalized cursor is within 2 blocks of the chain.',
    '',
    '## Per deployment',
    '',
  );
  for (const phase of report.phases) {
    const { verdict } = phase;
    lines.push(
      `### ${phase.name} (${phase.durationMinutes} min${phase.openAtSettleBound === null ? '' : ', NOT SETTLED'})`,
      '',
      ...(phase.openAtSettleBound === null
        ? []
        : [`- open at the settle bound: ${phase.openAtSettleBound}`]),
      `- events: ${verdict.events.onChain} on-chain up to the cursor, ${verdict.events.stored} stored (${verdict.events.quarantined} quarantined)`,
      `- jobs assigned to its worker: ${verdict.jobs.assigned}; by state: ${formatCounts(verdict.jobs.byState)}; flagged: ${verdict.jobs.flagged.length}`,
      `- contract calls by its keys: ${verdict.effects.calls} (${verdict.effects.failedCalls.length} without effect)`,
      `- escrows: ${verdict.escrows.total} (released ${verdict.escrows.released}, refunded ${verdict.escrows.refunded}, flagged ${verdict.escrows.flagged})`,
      `- outbox: ${formatCounts(verdict.outbox.byStatus)}`,
      `- resident memory: ${phase.memory.startMiB ?? '–'} MiB at start, ${phase.memory.endMiB ?? '–'} MiB at the end, ${phase.memory.maxMiB ?? '–'} MiB max`,
      `- incarnations: ${formatCounts(phase.incarnations)}`,
      '',
    );
    const problems: [string, readonly string[]][] = [
      ['events missing', verdict.events.missing],
      ['events doubled', verdict.events.doubled],
      ['events not on-chain', verdict.events.phantom],
      ['events misfiled', verdict.events.misfiled],
      ['jobs lost', verdict.jobs.lost],
      ['jobs not terminal nor flagged', verdict.jobs.notTerminalNorFlagged],
      ['effects missing', verdict.effects.missing],
      ['effects doubled', verdict.effects.doubled],
      ['effects out of order', verdict.effects.outOfOrder],
      ['escrows unsettled', verdict.escrows.unsettledNorFlagged],
      ['outbox stuck', verdict.outbox.stuck],
      ['projection mismatches', verdict.projections.mismatches],
      ['API mismatches', verdict.api.mismatches],
      ['unexpected exits', phase.unexpectedExits],
      ['graceful stop', phase.gracefulStops],
      ['orphaned sandbox processes', phase.orphans],
      ['flagged (allowed, with reasons)', verdict.jobs.flagged],
      ['calls without effect (informative)', verdict.effects.failedCalls],
    ];
    for (const [title, items] of problems) {
      if (items.length > 0) {
        lines.push(
          `**${title}** (${items.length}):`,
          '',
          ...items.slice(0, 20).map((item) => `- ${item}`),
          ...(items.length > 20 ? [`- … ${items.length - 20} more (JSON report)`] : []),
          '',
        );
      }
    }
  }
  lines.push(
    '## MEV',
    '',
    `${report.mev.intents} intents, ${report.mev.batches} batches created by the workers covering ${report.mev.batchedIntents} intents; doubled membership ${report.mev.doubledMembership.length}, executed twice ${report.mev.executedTwice.length}, not executed ${report.mev.notExecuted.length}.`,
    '',
    '## Traffic',
    '',
    `Jobs by kind: ${formatCounts(report.traffic.byKind)}.`,
    `Refused by the chain's own dry run (never submitted): ${formatCounts(report.traffic.refusedByChain)}.`,
    `Wallet steps retried after a chain fault: ${report.traffic.retriedSteps}; abandoned: ${report.traffic.abandoned.length}.`,
    '',
    '## API',
    '',
    `${report.http.requests} requests: ${formatCounts(report.http.byStatus)}; ${report.http.unanswered} unanswered (instance down); /ready 503 ${report.http.notReady} times; 503 \`STORAGE_UNAVAILABLE\` (database away) ${report.http.storageUnavailable}, 503 \`UNAVAILABLE\` (chain unreadable) ${report.http.chainUnavailable}, 503 while the server closed (graceful stop) ${report.http.closing} times.`,
    ...report.http.serverErrors
      .slice(0, 20)
      .map((e) => `- ${e.status} ${e.method} ${e.route} at ${e.at}: ${e.body}`),
    '',
    '## Secrets',
    '',
    `Scanned ${report.secrets.files} log files and every API answer for ${report.secrets.names.length} secrets (${report.secrets.names.join(', ')}): ${report.secrets.findings.length} found.`,
    ...report.secrets.findings.map((f) => `- ${f.secret} in ${f.where}`),
    '',
    `Second RPC endpoint (proxy): ${report.proxy.connections} connections, ${report.proxy.forwarded} answers forwarded, ${report.proxy.delayed} delayed, ${report.proxy.corrupted} replaced by garbage.`,
    ...report.notes.map((note) => `- note: ${note}`),
    '',
  );
  return lines.join('\n');
}

function formatCounts(counts: Readonly<Record<string, unknown>>): string {
  const entries = Object.entries(counts);
  return entries.length === 0 ? 'none' : entries.map(([k, n]) => `${k} ${String(n)}`).join(', ');
}
