import { useEffect, useState } from 'preact/hooks';
import type { JobAttestationBody } from '../../src/api/dto/job-engine.dto';
import { callApi, type ApiAnswer } from '../api';
import { Badge, Facts, Mono, Section } from '../components/ui';
import { shortHex } from '../format';
import { liveFeed } from '../live';
import { verifyAttestationText, type BrowserVerdict } from '../verify';

type Check =
  | { state: 'idle' }
  | { state: 'checking' }
  | { state: 'done'; verdict: BrowserVerdict }
  | { state: 'error'; message: string };

export function AttestationPanel(props: { id: string }) {
  const [answer, setAnswer] = useState<ApiAnswer<JobAttestationBody> | null>(null);
  const [pinned, setPinned] = useState('');
  const [check, setCheck] = useState<Check>({ state: 'idle' });

  useEffect(() => {
    let cancelled = false;
    const read = () =>
      void callApi<JobAttestationBody>(`/jobs/${props.id}/attestation`, { withToken: true }).then(
        (a) => !cancelled && setAnswer(a),
      );
    read();
    // the on-chain record lands with a phala_job_processor event, which names no queue job
    const unsubscribe = liveFeed.subscribe(
      (m) =>
        (m.data['jobId'] === props.id ||
          (m.type === 'chain.event' && m.data['contract'] === 'phalaJobProcessor')) &&
        read(),
    );
    return () => {
      cancelled = true;
      unsubscribe();
    };
  }, [props.id]);

  // A new body is a new document: an earlier verdict does not speak for it.
  useEffect(() => setCheck({ state: 'idle' }), [answer?.ok === true ? answer.text : null]);

  if (answer === null) {
    return (
      <Section title="Attestation" id="attestation">
        <p class="muted">Loading…</p>
      </Section>
    );
  }
  if (!answer.ok) {
    return (
      <Section title="Attestation" id="attestation">
        <p class={answer.status === 401 || answer.status === 403 ? 'notice' : 'error'}>
          {answer.status === 401 || answer.status === 403
            ? "This job's attestation is private: it is shown only with an operator token that may read it."
            : `Could not read the attestation: ${answer.message}`}
        </p>
      </Section>
    );
  }
  const body = answer.body;
  const envelope = body.signed?.envelope;
  const field = (key: string): string => {
    const value = envelope?.[key];
    return typeof value === 'string' || typeof value === 'number' ? String(value) : '?';
  };
  const verify = async () => {
    setCheck({ state: 'checking' });
    try {
      const key = pinned.trim();
      setCheck({
        state: 'done',
        verdict: await verifyAttestationText(answer.text, key === '' ? null : key),
      });
    } catch (err) {
      setCheck({ state: 'error', message: err instanceof Error ? err.message : String(err) });
    }
  };
  return (
    <Section title="Attestation" id="attestation">
      {body.signed === null ? (
        <p class="muted">This service has not attested this job (yet).</p>
      ) : (
        <>
          <Facts
            items={[
              ['Envelope', `version ${field('version')}, queue job ${field('queueJobId')}`],
              [
                'Signed by key',
                <Mono
                  value={field('workerPublicKey')}
                  short={shortHex(field('workerPublicKey'))}
                />,
              ],
              [
                'Service key now',
                <Mono
                  value={body.attestationPublicKey}
                  short={shortHex(body.attestationPublicKey)}
                />,
              ],
              [
                'Service says',
                body.verification === null
                  ? '–'
                  : body.verification.ok
                    ? 'valid'
                    : `invalid (${body.verification.reason})`,
              ],
              [
                'On-chain record',
                body.onChain === null
                  ? 'none yet'
                  : `phala_job_processor job ${body.onChain.confidentialJobId}, ${body.onChain.attestationCount} attestation(s)`,
              ],
            ]}
          />
          <form
            class="verify"
            onSubmit={(e) => {
              e.preventDefault();
              void verify();
            }}
          >
            <label>
              Pin the attestation key (optional, 0x + 64 hex, from the operator)
              <input
                value={pinned}
                onInput={(e) => setPinned((e.target as HTMLInputElement).value)}
                pattern="^0x[0-9a-fA-F]{64}$"
                placeholder={body.attestationPublicKey ?? '0x…'}
                spellcheck={false}
              />
            </label>
            <button type="submit" disabled={check.state === 'checking'}>
              Verify in this browser
            </button>
          </form>
        </>
      )}
      <div aria-live="polite" data-testid="verdict" data-verdict={verdictWord(check)}>
        <Verdict check={check} />
      </div>
    </Section>
  );
}

function verdictWord(check: Check): string {
  return check.state === 'done' ? (check.verdict.isValid ? 'valid' : 'invalid') : check.state;
}

function Verdict(props: { check: Check }) {
  const { check } = props;
  switch (check.state) {
    case 'idle':
      return null;
    case 'checking':
      return <p class="muted">Checking the signature…</p>;
    case 'error':
      return <p class="error">The check could not run: {check.message}</p>;
    case 'done': {
      const v = check.verdict;
      return (
        <div class={`verdict ${v.isValid ? 'good' : 'bad'}`}>
          <p>
            <Badge value={v.isValid ? 'valid' : 'invalid'} />{' '}
            {v.isValid
              ? `The sr25519 signature verifies (digest ${shortHex(v.digest)}).`
              : `${v.reason ?? ''}: ${v.message}`}
          </p>
          <p data-testid="onchain-verdict">
            {v.onChain === 'same'
              ? 'It equals the attestation recorded on-chain.'
              : v.onChain === 'differs'
                ? `The on-chain record differs: ${v.mismatches.join('; ')}`
                : 'No on-chain record to compare with yet.'}
          </p>
        </div>
      );
    }
  }
}
