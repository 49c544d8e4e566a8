import { useState } from 'preact/hooks';
import { callApi } from '../api';
import { Section } from '../components/ui';
import { readToken } from '../token';

/** Retry (a failed job) and cancel (an unfinished one): JWT-protected, scope jobs:operate. */
export function OperatorActions(props: { id: string; engineState: string | null }) {
  const [message, setMessage] = useState<string | null>(null);
  if (props.engineState === null) {
    return null;
  }
  const act = async (action: 'retry' | 'cancel') => {
    if (readToken() === null) {
      setMessage('Set an operator token (scope jobs:operate) first: “Operator token” above.');
      return;
    }
    const answer = await callApi(`/jobs/${props.id}/${action}`, {
      method: 'POST',
      withToken: true,
    });
    setMessage(answer.ok ? `${action} accepted` : `${action} refused: ${answer.message}`);
  };
  const isFinished = ['succeeded', 'failed', 'rejected', 'expired', 'cancelled'].includes(
    props.engineState,
  );
  return (
    <Section title="Operator actions" id="actions">
      <div class="actions">
        <button
          type="button"
          disabled={props.engineState !== 'failed'}
          onClick={() => void act('retry')}
        >
          Retry
        </button>
        <button type="button" disabled={isFinished} onClick={() => void act('cancel')}>
          Cancel
        </button>
      </div>
      {message === null ? null : (
        <p role="status" class="notice">
          {message}
        </p>
      )}
    </Section>
  );
}
