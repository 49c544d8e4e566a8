import { useState } from 'preact/hooks';
import type { JobsPageBody } from '../../src/api/dto/jobs.dto';
import { Badge, LoadState, Mono, Section, Table } from '../components/ui';
import { shortHex, unitsToPas } from '../format';
import { useResource } from '../hooks';

const STATUSES = ['Registered', 'Assigned', 'InProgress', 'Completed', 'Cancelled'] as const;
const FILTERS = ['status', 'owner', 'provider', 'model'] as const;
type Filters = Partial<Record<(typeof FILTERS)[number], string>>;

export function JobsPage(props: { filters: Readonly<Record<string, string>> }) {
  const applied: Filters = Object.fromEntries(
    FILTERS.filter((f) => (props.filters[f] ?? '') !== '').map((f) => [f, props.filters[f]]),
  );
  const query = new URLSearchParams({ ...applied, limit: '50' }).toString();
  // any stream message may change a row (job and escrow events both do): read the page again
  const jobs = useResource<JobsPageBody>(`/jobs?${query}`);
  const [draft, setDraft] = useState<Filters>(applied);

  const apply = (event: Event) => {
    event.preventDefault();
    const entries: [string, string][] = [];
    for (const [key, value] of Object.entries(draft)) {
      if (value !== undefined && value.trim() !== '') {
        entries.push([key, value.trim()]);
      }
    }
    const next = new URLSearchParams(entries).toString();
    location.hash = next === '' ? '#/jobs' : `#/jobs?${next}`;
  };

  return (
    <Section title="Jobs" id="jobs">
      <form class="filters" onSubmit={apply} aria-label="Filter jobs">
        <label>
          State
          <select
            value={draft.status ?? ''}
            onChange={(e) => setDraft({ ...draft, status: (e.target as HTMLSelectElement).value })}
          >
            <option value="">any</option>
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </label>
        {(['owner', 'provider'] as const).map((f) => (
          <label key={f}>
            {f === 'owner' ? 'Owner (H160)' : 'Provider (H160)'}
            <input
              value={draft[f] ?? ''}
              placeholder="0x…"
              pattern="^0x[0-9a-fA-F]{40}$"
              onInput={(e) => setDraft({ ...draft, [f]: (e.target as HTMLInputElement).value })}
            />
          </label>
        ))}
        <label>
          Model
          <input
            value={draft.model ?? ''}
            placeholder="ocr, vad, onnx:…"
            onInput={(e) => setDraft({ ...draft, model: (e.target as HTMLInputElement).value })}
          />
        </label>
        <button type="submit">Apply</button>
      </form>
      <LoadState error={jobs.error} isLoading={jobs.data === null} />
      {jobs.data === null ? null : (
        <Table
          caption="Newest first; updated live"
          head={['Job', 'State', 'Model', 'Owner', 'Provider', 'Budget', 'Submitted in']}
          empty="no job matches"
          rows={jobs.data.items.map((job) => ({
            key: job.id,
            attrs: { 'data-job-id': job.id, 'data-job-status': job.status },
            cells: [
              <a href={`#/jobs/${job.id}`}>#{job.id}</a>,
              <Badge value={job.status} />,
              <Mono
                value={job.modelRef}
                short={job.modelRef.length > 28 ? `${job.modelRef.slice(0, 27)}…` : job.modelRef}
              />,
              <Mono value={job.owner} short={shortHex(job.owner, 4)} />,
              <Mono value={job.assignedProvider} short={shortHex(job.assignedProvider, 4)} />,
              unitsToPas(job.budget),
              job.submittedBlock ?? '–',
            ],
          }))}
        />
      )}
    </Section>
  );
}
