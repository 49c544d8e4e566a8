import type { StatusBody } from '../../src/api/dto/status.dto';
import { Badge, Facts, LoadState, Mono, Section, Stat, Stats, Table } from '../components/ui';
import { formatMs, shortHex, timeAgo } from '../format';
import { useNow, useResource } from '../hooks';

/** New blocks reach the page by polling /status: the stream carries contract events only. */
const STATUS_POLL_MS = 2_000;

export function ChainPage() {
  const status = useResource<StatusBody>('/status', { pollMs: STATUS_POLL_MS });
  const now = useNow();
  const s = status.data;
  return (
    <>
      <Section title="Chain" id="chain">
        <LoadState error={status.error} isLoading={s === null} />
        {s === null ? null : (
          <>
            <Stats>
              <Stat
                label="Best head (follower)"
                value={<span data-testid="best-head">{s.cursors.best?.number ?? '–'}</span>}
                hint={s.cursors.best === null ? undefined : shortHex(s.cursors.best.hash)}
              />
              <Stat
                label="Finalized head (chain)"
                value={
                  <span data-testid="finalized-head">{s.chain.finalizedHead?.number ?? '–'}</span>
                }
                hint={
                  s.chain.finalizedHead?.hash === null || s.chain.finalizedHead === null
                    ? undefined
                    : shortHex(s.chain.finalizedHead.hash)
                }
              />
              <Stat
                label="Finalized cursor"
                value={s.cursors.finalized?.number ?? '–'}
                hint={
                  s.cursors.finalized === null
                    ? undefined
                    : `moved ${timeAgo(s.cursors.finalized.updatedAt, now)}`
                }
              />
              <Stat
                label="Lag"
                value={s.lagBlocks === null ? '–' : `${s.lagBlocks} blocks`}
                hint={
                  s.lagSeconds === null
                    ? 'seconds unknown'
                    : `${formatMs(s.lagSeconds * 1000)} behind`
                }
                testId="lag"
              />
            </Stats>
            <Facts
              items={[
                ['Chain', s.chain.name ?? '–'],
                [
                  'Follower leader',
                  s.leader === null ? (
                    'unknown'
                  ) : (
                    <>
                      <Mono value={s.leader.instanceId} />{' '}
                      {s.leader.isThisInstance === true ? '(this instance)' : ''}
                      {s.leader.isExpired ? <Badge value="lease expired" /> : null}
                    </>
                  ),
                ],
                ['Database', s.database.isReachable ? 'reachable' : <Badge value="unreachable" />],
                [
                  'Stored events',
                  s.events === null
                    ? '–'
                    : `${s.events.final} final, ${s.events.tentative} tentative`,
                ],
                ['Quarantined events', s.quarantined ?? '–'],
              ]}
            />
          </>
        )}
      </Section>
      <Section title="RPC endpoints" id="endpoints">
        {s === null ? null : (
          <Table
            caption="Each endpoint the chain client uses, with its health score"
            head={[
              'Endpoint',
              'State',
              'Score',
              'Latency',
              'Best',
              'Finalized',
              'Head age',
              'Failures',
            ]}
            rows={s.endpoints.map((e) => ({
              key: e.endpoint,
              cells: [
                <>
                  {e.endpoint} {e.isActive ? <span class="muted">(active)</span> : null}
                </>,
                <>
                  <Badge value={e.status} />{' '}
                  {e.isTrusted ? null : <Badge value={`distrusted: ${e.distrustReason ?? '?'}`} />}
                </>,
                e.score,
                formatMs(e.latencyMs),
                e.bestNumber ?? '–',
                e.finalizedNumber ?? '–',
                formatMs(e.headAgeMs),
                `${e.consecutiveFailures} (stalls ${e.stallCount})`,
              ],
            }))}
          />
        )}
      </Section>
    </>
  );
}
