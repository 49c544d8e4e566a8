import { useEffect, useState } from 'preact/hooks';
import type { JobResultBody } from '../../src/api/dto/job-engine.dto';
import type { JobBody, TimelineBody } from '../../src/api/dto/jobs.dto';
import { callApi, type ApiAnswer } from '../api';
import { Badge, Facts, LoadState, Mono, Section, Table } from '../components/ui';
import { formatMs, shortHex, unitsToPas } from '../format';
import { useResource } from '../hooks';
import { liveFeed, type LiveMessage } from '../live';
import { AttestationPanel } from './attestation-panel';
import { OperatorActions } from './operator-actions';
import { ResultPanel } from './result-panel';

/** Engine stages (queued → running → attested) change without chain events: poll until finished. */
const ENGINE_POLL_MS = 2_000;

export function JobPage(props: { id: string }) {
  const { id } = props;
  const isThisJob = (m: LiveMessage) => m.type === 'chain.event' || m.data['jobId'] === id;
  const job = useResource<JobBody>(`/jobs/${id}`, { onLive: isThisJob });
  const timeline = useResource<TimelineBody>(`/jobs/${id}/timeline`, {
    onLive: isThisJob,
    pollMs: ENGINE_POLL_MS,
  });
  const result = useAnswer<JobResultBody>(`/jobs/${id}/result`, isThisJob, ENGINE_POLL_MS);
  const j = job.data;
  return (
    <>
      <p>
        <a href="#/jobs">← all jobs</a>
      </p>
      <Section title={`Job #${id}`} id="job">
        <LoadState error={job.error} isLoading={j === null} />
        {j === null ? null : (
          <Facts
            items={[
              ['On-chain state', <Badge value={j.status} testId="job-status" />],
              ['Model', <Mono value={j.modelRef} />],
              [
                'Data',
                <Mono
                  value={j.dataRef}
                  short={j.dataRef.length > 60 ? `${j.dataRef.slice(0, 59)}…` : j.dataRef}
                />,
              ],
              ['Owner', <Mono value={j.owner} />],
              ['Provider', <Mono value={j.assignedProvider} />],
              ['Budget', unitsToPas(j.budget)],
              ['Deadline', `block ${j.deadline}`],
              ['Private', j.privacyRequired ? 'yes' : 'no'],
              ['Result hash', <Mono value={j.resultHash} short={shortHex(j.resultHash)} />],
              [
                'Escrow',
                j.escrow === null
                  ? 'none deposited'
                  : j.escrow.released
                    ? 'released to the provider'
                    : j.escrow.refunded
                      ? 'refunded to the owner'
                      : `${unitsToPas(j.escrow.amount)} held`,
              ],
            ]}
          />
        )}
      </Section>
      <Section title="Timeline" id="timeline">
        <LoadState error={timeline.error} isLoading={timeline.data === null} />
        {timeline.data === null ? null : (
          <Table
            caption="Every stage, chain and engine, by time"
            head={['Stage', 'Source', 'Block', 'Since previous', 'At']}
            rows={timeline.data.merged.map((stage, i) => ({
              key: `${i}-${stage.stage}`,
              attrs: { 'data-stage': stage.stage },
              cells: [
                stage.stage,
                stage.source,
                stage.block ?? '–',
                stage.source === 'chain'
                  ? stage.blocksSincePrevious === null
                    ? '–'
                    : `${stage.blocksSincePrevious} blocks`
                  : formatMs(stage.msSincePrevious),
                new Date(stage.at).toLocaleTimeString(),
              ],
            }))}
          />
        )}
      </Section>
      <ResultPanel answer={result} />
      <AttestationPanel id={id} />
      <OperatorActions id={id} engineState={result?.ok === true ? result.body.state : null} />
    </>
  );
}

/** Like useResource, but keeps the status of a refusal (404: not worked here, 401/403: private). */
function useAnswer<T>(
  path: string,
  test: (m: LiveMessage) => boolean,
  pollMs: number,
): ApiAnswer<T> | null {
  const [answer, setAnswer] = useState<ApiAnswer<T> | null>(null);
  useEffect(() => {
    let cancelled = false;
    let pending = false;
    const read = () => {
      if (pending) {
        return;
      }
      pending = true;
      void callApi<T>(path, { withToken: true }).then((a) => {
        pending = false;
        if (!cancelled) {
          setAnswer(a);
        }
      });
    };
    read();
    // `test` only looks at the message; a new one each render changes nothing
    const unsubscribe = liveFeed.subscribe((m) => test(m) && read());
    const timer = setInterval(read, pollMs);
    return () => {
      cancelled = true;
      unsubscribe();
      clearInterval(timer);
    };
  }, [path, pollMs]);
  return answer;
}
