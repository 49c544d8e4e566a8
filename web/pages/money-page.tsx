import type { MoneyBody } from '../../src/api/dto/operations.dto';
import type { StatsBody } from '../../src/api/dto/stats.dto';
import { Badge, LoadState, Mono, Section, Stat, Stats, Table } from '../components/ui';
import { planckToPas, shortHex, unitsToPas } from '../format';
import { useResource } from '../hooks';

/** Balances move without contract events (fees): read again on a timer too. */
const POLL_MS = 10_000;

export function MoneyPage() {
  const money = useResource<MoneyBody>('/stats/money', { pollMs: POLL_MS });
  const stats = useResource<StatsBody>('/stats');
  const m = money.data;
  return (
    <>
      <Section title="Escrows" id="escrows">
        <LoadState error={money.error} isLoading={m === null} />
        {m === null ? null : (
          <>
            <Stats>
              <Stat
                label="Held now"
                value={unitsToPas(m.escrows?.held.amount)}
                hint={`${m.escrows?.held.count ?? '–'} escrows`}
              />
              <Stat
                label="Released"
                value={unitsToPas(m.settled?.released.amount)}
                hint={`${m.settled?.released.count ?? '–'} escrows`}
                testId="released-total"
              />
              <Stat
                label="Refunded"
                value={unitsToPas(m.settled?.refunded.amount)}
                hint={`${m.settled?.refunded.count ?? '–'} escrows`}
              />
              <Stat label="Flagged" value={m.flagged?.total ?? '–'} hint="past deadline + grace" />
            </Stats>
            {stats.data?.work == null ? null : (
              <Table
                caption="Settlement of the jobs this service worked"
                head={['Settlement', 'Jobs']}
                rows={Object.entries(stats.data.work.bySettlement).map(([state, n]) => ({
                  key: state,
                  cells: [<Badge value={state} />, n],
                }))}
              />
            )}
          </>
        )}
      </Section>
      <Section title="Flagged escrows" id="flagged">
        {m?.flagged == null ? (
          <p class="muted">–</p>
        ) : (
          <Table
            caption="Deadline + SETTLEMENT_GRACE_BLOCKS passed without release or refund"
            head={['Job', 'Deadline block', 'Reason', 'Flagged at']}
            empty="none"
            rows={m.flagged.items.map((f) => ({
              key: f.jobId,
              cells: [
                <a href={`#/jobs/${f.jobId}`}>#{f.jobId}</a>,
                f.deadlineBlock,
                f.reason ?? '–',
                new Date(f.flaggedAt).toLocaleString(),
              ],
            }))}
          />
        )}
      </Section>
      <Section title="Signer balances" id="signers">
        {m === null ? null : (
          <Table
            caption="The service's signing keys against their alert threshold (SIGNER_MIN_BALANCE_PLANCK)"
            head={['Role', 'Account', 'Free', 'Threshold', 'State']}
            empty="this instance signs nothing"
            rows={m.signers.map((s) => ({
              key: s.role,
              cells: [
                s.role,
                <Mono value={s.address} short={shortHex(s.address, 6)} />,
                s.free === null ? (
                  <span class="muted">{s.error ?? 'unknown'}</span>
                ) : (
                  planckToPas(s.free)
                ),
                s.minPlanck === '0' ? 'no alert' : planckToPas(s.minPlanck),
                s.isLow === null ? '–' : s.isLow ? <Badge value="LOW" /> : <Badge value="ok" />,
              ],
            }))}
          />
        )}
      </Section>
    </>
  );
}
