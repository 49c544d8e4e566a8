import { useMemo } from 'preact/hooks';
import type { PipelineBody, QuarantinePageBody } from '../../src/api/dto/operations.dto';
import type { StatsBody } from '../../src/api/dto/stats.dto';
import { TimePlot, type PlotSeries } from '../components/time-plot';
import { Badge, LoadState, Mono, Section, Stat, Stats, Table } from '../components/ui';
import { formatMs, shortHex } from '../format';
import { useResource } from '../hooks';

/** Engine states change without chain events (queued → running): read again on a timer too. */
const POLL_MS = 5_000;
const LATENCY_STAGES = ['admitted', 'running', 'result', 'attestation', 'marks', 'escrow'] as const;
const STAGE_LABELS: Readonly<Record<(typeof LATENCY_STAGES)[number], string>> = {
  admitted: 'seen → admitted',
  running: '→ running',
  result: '→ result',
  attestation: '→ attestation',
  marks: '→ on-chain marks',
  escrow: '→ escrow',
};

const perMinute = (v: number) => `${Math.round(v * 10) / 10}/min`;

export function PipelinePage() {
  const stats = useResource<StatsBody>('/stats', { pollMs: POLL_MS });
  const pipeline = useResource<PipelineBody>('/stats/pipeline?minutes=30', { pollMs: POLL_MS });
  const quarantine = useResource<QuarantinePageBody>('/quarantine?limit=20');
  const minutes = pipeline.data?.minutes ?? null;
  const times = useMemo(() => (minutes ?? []).map((m) => Date.parse(m.start) / 1000), [minutes]);
  const throughput = useMemo<PlotSeries[]>(
    () => [{ label: 'finished', values: (minutes ?? []).map((m) => m.finished) }],
    [minutes],
  );
  const latency = useMemo<PlotSeries[]>(
    () =>
      LATENCY_STAGES.map((stage) => ({
        label: STAGE_LABELS[stage],
        values: (minutes ?? []).map((m) => m.latencyMs[stage] ?? null),
      })),
    [minutes],
  );
  const s = stats.data;
  return (
    <>
      <Section title="Jobs per state" id="states">
        <LoadState error={stats.error} isLoading={s === null} />
        {s === null ? null : (
          <>
            <h3>On-chain (ai_job_queue)</h3>
            <Stats>
              {s.jobs === null
                ? '–'
                : Object.entries(s.jobs.byStatus).map(([state, n]) => (
                    <Stat key={state} label={state} value={n} testId={`onchain-${state}`} />
                  ))}
            </Stats>
            <h3>This service's job engine</h3>
            {s.work === null ? (
              <p class="muted">This instance runs no job engine.</p>
            ) : (
              <>
                <Stats>
                  {Object.entries(s.work.byState).map(([state, n]) => (
                    <Stat key={state} label={state} value={n} testId={`engine-${state}`} />
                  ))}
                </Stats>
                <p>
                  Success rate {s.work.successRate === null ? '–' : `${s.work.successRate} %`};
                  execution p50 {formatMs(s.work.executionMs.p50)}, p95{' '}
                  {formatMs(s.work.executionMs.p95)} over {s.work.executionMs.count} jobs.
                </p>
              </>
            )}
          </>
        )}
      </Section>
      <Section title="Throughput and latency, last 30 minutes" id="plots">
        <LoadState error={pipeline.error} isLoading={pipeline.data === null} />
        {minutes === null ? (
          pipeline.data === null ? null : (
            <p class="muted">No work ledger on this instance.</p>
          )
        ) : (
          <div class="plots">
            <TimePlot
              title="Jobs finished per minute"
              times={times}
              series={throughput}
              unit="jobs per minute"
              format={perMinute}
              testId="plot-throughput"
            />
            <TimePlot
              title="Mean latency per stage"
              times={times}
              series={latency}
              unit="time from the previous stage"
              format={formatMs}
              testId="plot-latency"
            />
          </div>
        )}
      </Section>
      <Section title="Outbox" id="outbox">
        {s?.chainActions == null ? (
          <p class="muted">–</p>
        ) : (
          <Table
            caption="On-chain calls of this service by status"
            head={['Status', 'Actions']}
            rows={Object.entries(s.chainActions.byStatus).map(([status, n]) => ({
              key: status,
              cells: [<Badge value={status} />, n],
            }))}
          />
        )}
      </Section>
      <Section title="Quarantined events" id="quarantine">
        <LoadState error={quarantine.error} isLoading={quarantine.data === null} />
        {quarantine.data === null ? null : (
          <Table
            caption="Contract events that could not be decoded, newest first"
            head={['Block', 'Contract', 'Reason', 'Final', 'Data']}
            empty="none: every event of the six contracts was decoded"
            rows={quarantine.data.items.map((q) => ({
              key: q.id,
              cells: [
                `${q.block.number} #${q.eventIndex}`,
                <Mono value={q.contractAddress} short={shortHex(q.contractAddress)} />,
                q.reason,
                q.isFinal ? 'yes' : 'tentative',
                <Mono value={q.dataHex} short={shortHex(q.dataHex)} />,
              ],
            }))}
          />
        )}
      </Section>
    </>
  );
}
