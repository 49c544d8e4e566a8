import { useState } from 'preact/hooks';
import type { JobResultBody } from '../../src/api/dto/job-engine.dto';
import type { ApiAnswer } from '../api';
import { Badge, Facts, Mono, Section, Table } from '../components/ui';
import { formatMs, shortHex } from '../format';
import { contentDigestOf, resultView, type JobOutput } from '../result-view';
import { readToken } from '../token';

export function ResultPanel(props: { answer: ApiAnswer<JobResultBody> | null }) {
  const { answer } = props;
  return (
    <Section title="Result" id="result">
      {answer === null ? (
        <p class="muted">Loading…</p>
      ) : !answer.ok ? (
        <Refusal answer={answer} />
      ) : (
        <>
          <Facts
            items={[
              ['Engine state', <Badge value={answer.body.state} testId="engine-state" />],
              ['Attempts', answer.body.attempts],
              ['Reason', answer.body.reason ?? '–'],
              ['Settlement', <Badge value={answer.body.settlement} />],
              ['On-chain follow-up', answer.body.followUpDone ? 'done' : 'in progress'],
            ]}
          />
          {answer.body.result === null ? (
            <p class="muted">
              No result yet{answer.body.isFinished ? ' (the job ended without one)' : ''}.
            </p>
          ) : (
            <>
              <Facts
                items={[
                  ['Executor', answer.body.result.executorVersion],
                  ['Ran for', formatMs(answer.body.result.durationMs)],
                  [
                    'Output',
                    `${answer.body.result.outputMediaType}, ${answer.body.result.outputDigest}`,
                  ],
                  [
                    'Input',
                    <Mono
                      value={answer.body.result.inputDigest}
                      short={shortHex(answer.body.result.inputDigest, 10)}
                    />,
                  ],
                ]}
              />
              <Output
                output={answer.body.result.output}
                mediaType={answer.body.result.outputMediaType}
              />
            </>
          )}
        </>
      )}
    </Section>
  );
}

function Refusal(props: { answer: Extract<ApiAnswer<unknown>, { ok: false }> }) {
  const { status, message } = props.answer;
  if (status === 401 || status === 403) {
    return (
      <p class="notice" data-testid="result-private">
        This job's result is private: it is shown only with an operator token that may read it
        {readToken() === null
          ? ' (set one with “Operator token” above)'
          : ' (the token given does not)'}
        .
      </p>
    );
  }
  if (status === 404) {
    return <p class="muted">This service did not work this job, so it holds no result for it.</p>;
  }
  return (
    <p class="error" role="alert">
      Could not read the result: {message}
    </p>
  );
}

function Output(props: { output: JobOutput; mediaType: string }) {
  const view = resultView(props.output);
  switch (view.kind) {
    case 'text':
      return (
        <pre class="output" data-testid="result-text">
          {view.text}
        </pre>
      );
    case 'segments':
      return (
        <Table
          caption="Speech segments"
          head={['#', 'Start', 'End', 'Length']}
          rows={view.segments.map((s, i) => ({
            key: String(i),
            cells: [i + 1, formatMs(s.startMs), formatMs(s.endMs), formatMs(s.endMs - s.startMs)],
          }))}
          empty="no speech"
        />
      );
    case 'labels':
      return (
        <Table
          caption="Labels, most likely first"
          head={['Label', 'Probability']}
          rows={view.labels.map((l) => ({
            key: l.label,
            cells: [l.label, `${(l.probability * 100).toFixed(1)} %`],
          }))}
        />
      );
    case 'json':
      return <pre class="output">{JSON.stringify(view.json, null, 2)}</pre>;
    case 'download':
      return <Download reference={view.ref} size={view.size} mediaType={props.mediaType} />;
  }
}

function Download(props: { reference: string; size: number | null; mediaType: string }) {
  const [message, setMessage] = useState<string | null>(null);
  const digest = contentDigestOf(props.reference);
  const download = async () => {
    const token = readToken();
    if (digest === null || token === null) {
      setMessage('Downloading needs an operator token with the content:read scope.');
      return;
    }
    const res = await fetch(`/content/sha256:${digest}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    if (!res.ok) {
      setMessage(`The service refused the download (HTTP ${res.status}).`);
      return;
    }
    const url = URL.createObjectURL(await res.blob());
    const a = document.createElement('a');
    a.href = url;
    a.download = `job-output-${digest.slice(0, 12)}`;
    a.click();
    URL.revokeObjectURL(url);
    setMessage(null);
  };
  return (
    <div>
      <p>
        Binary output ({props.mediaType},{' '}
        {props.size === null ? 'size unknown' : `${props.size} bytes`}):{' '}
        <Mono value={props.reference} short={shortHex(props.reference, 10)} />
      </p>
      <button type="button" onClick={() => void download()}>
        Download
      </button>
      {message === null ? null : (
        <p class="notice" role="status">
          {message}
        </p>
      )}
    </div>
  );
}
