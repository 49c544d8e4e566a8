import type { MevSavingsBody } from '../../src/api/dto/frontend.dto';
import type { StatsBody } from '../../src/api/dto/stats.dto';
import { LoadState, Section, Stat, Stats, Table } from '../components/ui';
import { useResource } from '../hooks';

export function MevPage() {
  const stats = useResource<StatsBody>('/stats');
  const savings = useResource<MevSavingsBody>('/api/mev/savings');
  const mev = stats.data?.mev ?? null;
  const s = savings.data?.data ?? null;
  return (
    <Section title="MEV protection" id="mev">
      <LoadState error={stats.error ?? savings.error} isLoading={stats.data === null} />
      <Stats>
        <Stat label="Pending intents" value={mev?.pendingIntents ?? '–'} />
        <Stat label="Intents" value={mev?.intents ?? '–'} />
        <Stat
          label="Batches"
          value={mev?.batches ?? '–'}
          hint={mev === null ? undefined : `${mev.executedBatches} executed`}
        />
        <Stat
          label="Saved"
          value={s?.totalSaved ?? '–'}
          hint="token units: output − sum of min outputs"
        />
      </Stats>
      {s === null ? null : (
        <Table
          caption={`Executed batches (${savings.data?.formula ?? ''})`}
          head={['Batch', 'Intents', 'Input', 'Output', 'Saved', 'Price']}
          empty="no batch executed yet"
          rows={s.batches.map((b) => ({
            key: b.batchId,
            cells: [
              `#${b.batchId}`,
              b.intentCount,
              b.totalInput,
              b.totalOutput,
              b.saved,
              b.executionPrice,
            ],
          }))}
        />
      )}
    </Section>
  );
}
