import { waitFor } from '../support/wait-for';
import type { ServiceInstance } from './deployment';
import { devInfo, devnetRpc } from './devnet-control';
import { sigtermMidAttempt } from './drain-episode';
import type { EpisodeRecord, FaultWorld, Recorder } from './episode-types';
import type { EpisodeKind } from './profile';
import { waitRecovered } from './recovery';

const uniform = (random: () => number, [min, max]: readonly [number, number]) =>
  Math.round(min + random() * (max - min));

const pause = (ms: number) => new Promise((done) => setTimeout(done, ms));

/**
 * Runs one fault episode: waits a random moment (traffic keeps flowing meanwhile), injects the
 * fault, undoes it, restarts what it killed and measures the time to recovery.
 */
export async function runEpisode(world: FaultWorld, kind: EpisodeKind): Promise<EpisodeRecord> {
  // the harness's own clients reconnect after `dev_dropConnections` too: an episode that sends
  // (the drain job) or reads the chain must not take their reconnecting for a fault of the service
  await waitFor(world.harnessConnected, 60_000, "the harness's own chain connections", 50);
  const began = new Date().toISOString();
  const record = (
    detail: string,
    recoveryMs: number | null,
    violation?: string,
  ): EpisodeRecord => ({
    phase: world.phase,
    kind,
    detail,
    at: began,
    recoveryMs,
    ...(violation === undefined ? {} : { violation }),
  });
  const recovered = (since: number) =>
    waitRecovered(
      world.deployment,
      world.devnetUrl,
      world.http,
      since,
      world.profile.recoveryTimeoutMs,
    );
  const instances = world.deployment.instances;
  switch (kind) {
    case 'kill': {
      await pause(uniform(world.random, world.profile.killDelayMs));
      const target = await pickInstance(world);
      const at = Date.now();
      await target.kill();
      await target.start();
      return record(`SIGKILL ${target.id}#${target.incarnations - 1}`, await recovered(at));
    }
    case 'leader-killed': {
      const leader = await leaderInstance(world);
      const at = Date.now();
      await leader.kill();
      const other = instances.find((instance) => instance !== leader)!;
      const takeover = await waitFor(
        async () => (await world.deployment.leader()) === other.id,
        world.leaseTtlMs * 4,
        `${other.id} to take the lease over`,
        100,
      ).then(
        () => Date.now() - at,
        () => null,
      );
      await leader.start();
      const recovery = await recovered(at);
      return record(
        `SIGKILL leader ${leader.id}; ${other.id} took over after ${takeover ?? 'never'} ms`,
        recovery,
        takeover === null ? `${other.id} never took the lease over` : undefined,
      );
    }
    case 'stale-leader':
      return staleLeader(world, record, recovered);
    case 'sigterm-mid-attempt':
      return sigtermMidAttempt(world, record, recovered);
    case 'dropped-connections': {
      await pause(uniform(world.random, world.profile.killDelayMs));
      const at = Date.now();
      await devnetRpc(world.devnetUrl, 'dev_dropConnections');
      return record('dev_dropConnections', await recovered(at));
    }
    case 'stall': {
      // longer than the stall detector (10 blocks of BLOCK_TIME_MS)
      const ms = Math.round(world.profile.blockTimeMs * (12 + world.random() * 6));
      const before = (await devInfo(world.devnetUrl)).best.number;
      await devnetRpc(world.devnetUrl, 'dev_stall', [ms]);
      await waitFor(
        async () => (await devInfo(world.devnetUrl)).best.number > before,
        ms + 60_000,
        'blocks again after the stall',
        100,
      );
      return record(`dev_stall ${ms} ms`, await recovered(Date.now()));
    }
    case 'reorg': {
      const info = await devInfo(world.devnetUrl);
      const room = info.best.number - info.finalized.number;
      const depth = Math.max(1, Math.min(room, 1 + Math.floor(world.random() * 3)));
      const reinclude = world.random() < 0.5;
      const at = Date.now();
      await devnetRpc(world.devnetUrl, 'dev_reorg', [depth, { reinclude }]);
      return record(
        `dev_reorg depth ${depth}${reinclude ? ', re-included' : ', dropped'}`,
        await recovered(at),
      );
    }
    case 'rpc-lagging':
    case 'rpc-garbage': {
      const hold = uniform(world.random, world.profile.faultHoldMs);
      const mode =
        kind === 'rpc-lagging'
          ? ({
              kind: 'lagging',
              delayMs: world.profile.blockTimeMs * (3 + Math.floor(world.random() * 6)),
            } as const)
          : ({ kind: 'garbage', share: 0.3 + world.random() * 0.6 } as const);
      world.proxy.setMode(mode);
      await pause(hold);
      world.proxy.setMode({ kind: 'pass' });
      const detail =
        mode.kind === 'lagging'
          ? `second endpoint ${mode.delayMs} ms behind for ${hold} ms`
          : `second endpoint answering ${Math.round(mode.share * 100)}% garbage for ${hold} ms`;
      return record(detail, await recovered(Date.now()));
    }
    case 'disk-full': {
      const disk = world.disk!;
      const hold = uniform(world.random, world.profile.faultHoldMs);
      const taken = disk.fill();
      await pause(hold);
      disk.release();
      return record(
        `SQLite directory full (${taken} bytes taken) for ${hold} ms`,
        await recovered(Date.now()),
      );
    }
    case 'postgres-restart': {
      const mode = world.random() < 0.5 ? 'fast' : 'immediate';
      await pause(uniform(world.random, world.profile.killDelayMs));
      await world.postgres!.restart(mode);
      return record(`pg_ctl restart -m ${mode}`, await recovered(Date.now()));
    }
    case 'undecodable-event':
      return undecodableEvent(world, record, recovered);
  }
}

async function pickInstance(world: FaultWorld): Promise<ServiceInstance> {
  const instances = world.deployment.instances;
  if (instances.length === 1 || world.random() < 0.6) {
    return instances.length === 1 ? instances[0]! : leaderInstance(world);
  }
  return instances[Math.floor(world.random() * instances.length)]!;
}

async function leaderInstance(world: FaultWorld): Promise<ServiceInstance> {
  const id = await waitFor(() => world.deployment.leader(), 60_000, 'a lease holder', 100);
  return world.deployment.instance(id);
}

/**
 * The leader stops (SIGSTOP: a GC pause, a frozen VM) past its lease; the standby takes over and
 * follows; the old leader resumes and must not commit anything: the lease's fencing token makes
 * its next follower transaction fail, and it stands down.
 */
async function staleLeader(
  world: FaultWorld,
  record: Recorder,
  recovered: (since: number) => Promise<number | null>,
): Promise<EpisodeRecord> {
  const leader = await leaderInstance(world);
  const other = world.deployment.instances.find((instance) => instance !== leader)!;
  const outputBefore = leader.process!.output.length;
  leader.pause();
  const took = await waitFor(
    async () => (await world.deployment.leader()) === other.id,
    world.leaseTtlMs * 4,
    'the standby to take over',
    100,
  ).then(
    () => true,
    () => false,
  );
  // the new leader commits at least one batch before the old one wakes up
  const cursor = (await world.deployment.finalizedCursor()) ?? 0;
  await waitFor(
    async () => ((await world.deployment.finalizedCursor()) ?? 0) > cursor,
    60_000,
    'the new leader to move the cursor',
    100,
  ).catch(() => undefined);
  const at = Date.now();
  leader.resume();
  const stoodDown = await waitFor(
    () =>
      /lease (ran out|taken over)|leader duties stopped/.exec(
        leader.process!.output.slice(outputBefore),
      )?.[0],
    world.leaseTtlMs * 4,
    'the old leader to stand down',
    100,
  ).catch(() => null);
  const holder = await world.deployment.leader();
  const violation = !took
    ? 'the standby never took over'
    : stoodDown === null
      ? `${leader.id} never said it stood down`
      : holder !== other.id && holder !== null
        ? `${holder} holds the lease after the stale leader resumed`
        : undefined;
  return record(
    `SIGSTOP leader ${leader.id} past its lease, SIGCONT after ${other.id} led; it said "${stoodDown}"`,
    await recovered(at),
    violation,
  );
}

/** Contract events whose bytes do not decode: each must be quarantined with a reason. */
async function undecodableEvent(
  world: FaultWorld,
  record: Recorder,
  recovered: (since: number) => Promise<number | null>,
): Promise<EpisodeRecord> {
  const forms: [string, string, string[]][] = [
    ['aiJobQueue', '0x00', ['0x' + 'ab'.repeat(32)]],
    // JobSubmitted's signature topic with a truncated body
    [
      'aiJobQueue',
      '0x0102',
      ['0xc2735f0ed3badbe7ad644586d4255abcded3b584819f65507c222c78975255c5'],
    ],
    ['paymentEscrow', '0x' + 'ff'.repeat(64 * 1024), ['0x' + '01'.repeat(32)]],
    ['mevProtection', '0x', []],
    [
      'phalaJobProcessor',
      '0xdeadbeef',
      ['0x14a04720d40ed8d42dd1e6243f2696d97c15db6bb177edd7b0539d3116a570b4'],
    ],
  ];
  const [contract, data, topics] = forms[Math.floor(world.random() * forms.length)]!;
  const at = Date.now();
  await devnetRpc(world.devnetUrl, 'dev_emitContractEvent', [contract, data, topics]);
  return record(
    `dev_emitContractEvent ${contract} (${(data.length - 2) / 2} bytes, ${topics.length} topics)`,
    await recovered(at),
  );
}
