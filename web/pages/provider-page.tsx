import { useState } from 'preact/hooks';
import type { ProviderViewBody } from '../../src/api/dto/provider.dto';
import { callApi } from '../api';
import { Badge, Facts, LoadState, Mono, Section } from '../components/ui';
import { unitsToPas } from '../format';
import { useResource } from '../hooks';
import { readToken } from '../token';

export function ProviderPage() {
  const view = useResource<ProviderViewBody>('/provider');
  const p = view.data;
  return (
    <>
      <Section title="Provider registration" id="provider">
        <LoadState error={view.error} isLoading={p === null} />
        {p === null ? null : (
          <Facts
            items={[
              ['Worker', <Mono value={p.provider} />],
              ['State', <Badge value={p.state} />],
              ['Blocked because', p.blockedReason ?? '–'],
              ['Endpoint (registry)', p.onChain?.endpoint ?? 'not registered'],
              [
                'Hourly rate (registry)',
                p.onChain === null ? '–' : `${p.onChain.hourlyRate} units`,
              ],
              ['Compute units', p.onChain?.computeUnits ?? '–'],
              ['Stake', p.onChain === null ? '–' : unitsToPas(p.onChain.stake)],
              ['Reputation', p.onChain?.reputation ?? '–'],
              ['Active', p.onChain === null ? '–' : p.onChain.active ? 'yes' : 'no'],
              [
                'Pending actions',
                p.pendingActions.length === 0 ? 'none' : p.pendingActions.join(', '),
              ],
            ]}
          />
        )}
      </Section>
      {p === null ? null : <ProviderSettings view={p} onSaved={() => view.reload()} />}
    </>
  );
}

/** PATCH /provider (scope provider:write): endpoint, hourly rate, active. */
function ProviderSettings(props: { view: ProviderViewBody; onSaved: () => void }) {
  const desired = props.view.desired;
  const [endpoint, setEndpoint] = useState(desired?.endpoint ?? '');
  const [rate, setRate] = useState(desired?.hourlyRate ?? '');
  const [active, setActive] = useState(desired?.active ?? true);
  const [message, setMessage] = useState<string | null>(null);
  const save = async (event: Event) => {
    event.preventDefault();
    if (readToken() === null) {
      setMessage('Set an operator token (scope provider:write) first: “Operator token” above.');
      return;
    }
    const answer = await callApi('/provider', {
      method: 'PATCH',
      withToken: true,
      body: { endpoint, hourlyRate: rate, active },
    });
    setMessage(
      answer.ok ? 'Saved; the changes are queued in the outbox.' : `Refused: ${answer.message}`,
    );
    if (answer.ok) {
      props.onSaved();
    }
  };
  return (
    <Section title="Provider settings" id="provider-settings">
      <form class="settings" onSubmit={(e) => void save(e)}>
        <label>
          Endpoint (http or https URL)
          <input
            type="url"
            value={endpoint}
            onInput={(e) => setEndpoint((e.target as HTMLInputElement).value)}
          />
        </label>
        <label>
          Hourly rate (contract units)
          <input
            inputMode="numeric"
            pattern="^\d{1,39}$"
            value={rate}
            onInput={(e) => setRate((e.target as HTMLInputElement).value)}
          />
        </label>
        <label class="inline">
          <input
            type="checkbox"
            checked={active}
            onChange={(e) => setActive((e.target as HTMLInputElement).checked)}
          />
          Active
        </label>
        <button type="submit">Save</button>
      </form>
      {message === null ? null : (
        <p role="status" class="notice">
          {message}
        </p>
      )}
    </Section>
  );
}
