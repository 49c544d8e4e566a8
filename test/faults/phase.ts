import type { UserWallet } from '../../src/demo';
import { withTimeout } from '../../src/shared';
import { waitFor } from '../support/wait-for';
import { affineModel, neverEndingModel, unboundedAllocationModel } from '../fixtures/onnx-models';
import { ApiLoad } from './api-load';
import { devInfo, devnetRpc } from './devnet-control';
import type { EpisodeRecord, FaultWorld } from './episode-types';
import { runEpisode } from './episodes';
import { BAD_JOB_KINDS, type JobContext } from './job-kinds';
import type { JobTraffic } from './job-traffic';
import type { EpisodeKind, PhasePlan } from './profile';
import { assignedTo, readApi, readStore, type DeploymentKeys } from './snapshots';
import type { DeploymentSnapshot } from './judge-types';
import type { IntentTraffic, UserSettler } from './user-side';
import { parseServicePublicKey } from '../../src/confidential';

const TERMINAL = ['rejected', 'succeeded', 'failed', 'expired', 'cancelled'];
const ACTIVE_ACTIONS = ['pending', 'claimed', 'submitted', 'included'];
const RSS_EVERY_MS = 10_000;

export interface PhaseInput {
  readonly world: Omit<FaultWorld, 'phase'> & { readonly phase: string };
  readonly plan: PhasePlan;
  readonly keys: DeploymentKeys;
  readonly traffic: JobTraffic;
  readonly intents: IntentTraffic;
  readonly settler: UserSettler;
  readonly apiLoad: ApiLoad;
  /** a token with content:write, for the model uploads */
  readonly uploadToken: string;
  readonly maxInputBytes: number;
  /** the reduced run waits until every bad-input kind went on-chain before it settles */
  readonly waitForBadKinds: boolean;
  readonly reader: UserWallet;
}

export interface PhaseResult {
  readonly episodes: EpisodeRecord[];
  readonly skipped: Partial<Record<EpisodeKind, string>>;
  readonly snapshot: DeploymentSnapshot;
  /** null when every job ended, every action landed and the cursor caught up within the bound */
  readonly openAtSettleBound: string | null;
  readonly gracefulStops: string[];
  readonly durationMs: number;
}

/**
 * One deployment's phase: start its instances, put the models in its content store, let users'
 * traffic flow, run the shuffled deck of faults (kills included), settle, read the API, stop the
 * instances with SIGTERM and read the store.
 */
export async function runPhase(input: PhaseInput): Promise<PhaseResult> {
  const began = Date.now();
  const { world, plan } = input;
  const deployment = world.deployment;
  const say = world.say;
  for (const instance of deployment.instances) {
    await instance.start();
  }
  await deployment.connect();
  const url = deployment.liveUrls()[0]!;
  const context = await prepareContent(input, url);
  const rssTimer = setInterval(
    () => deployment.instances.forEach((i) => i.sampleRss()),
    RSS_EVERY_MS,
  );
  input.traffic.start(
    {
      phase: world.phase,
      workerH160: input.keys.workerH160,
      context,
      deadlineBlocks: world.profile.deadlineBlocks,
    },
    { badRounds: world.profile.name === 'full' ? 1_000 : 1 },
  );
  input.intents.start();
  input.settler.start();
  input.apiLoad.start();

  const skipped: Partial<Record<EpisodeKind, string>> = {};
  if (world.disk === null && (plan.episodes['disk-full'] ?? 0) > 0) {
    skipped['disk-full'] = 'no small disk could be mounted (see the run log)';
  }
  const deck = shuffle(
    [
      ...Array<EpisodeKind>(plan.kills).fill('kill'),
      ...Object.entries(plan.episodes).flatMap(([kind, count]) =>
        Array<EpisodeKind>(count).fill(kind as EpisodeKind),
      ),
    ].filter((kind) => skipped[kind] === undefined),
    world.random,
  );
  const episodes: EpisodeRecord[] = [];
  for (const [i, kind] of deck.entries()) {
    const episode = await runEpisode(world, kind);
    episodes.push(episode);
    say(
      `[${world.phase} ${i + 1}/${deck.length}] ${kind}: ${episode.detail} → ${
        episode.recoveryMs === null
          ? 'NOT RECOVERED'
          : `recovered in ${(episode.recoveryMs / 1000).toFixed(1)} s`
      }${episode.violation ? ` — VIOLATION: ${episode.violation}` : ''}`,
    );
  }
  if (input.waitForBadKinds) {
    await waitFor(
      () =>
        input.traffic.badKindsSubmitted(world.phase).size >=
        BAD_JOB_KINDS.length - Object.keys(input.traffic.tally.refusedByChain).length,
      world.profile.settleTimeoutMs,
      'every bad-input kind on-chain',
      500,
    ).catch((err: unknown) => {
      const done = input.traffic.badKindsSubmitted(world.phase);
      say(
        `bad inputs: ${(err as Error).message}; missing ${BAD_JOB_KINDS.filter((k) => !done.has(k)).join(', ')}`,
      );
    });
  }
  await input.traffic.stop();
  await input.intents.stop();
  say(
    `[${world.phase}] faults done; settling (${input.traffic.jobs.filter((j) => j.phase === world.phase).length} jobs this phase)`,
  );
  const openAtSettleBound = await settle(input);
  await input.settler.stop();
  await input.apiLoad.stop();
  clearInterval(rssTimer);
  await world.recorder.catchUp();
  const assigned = assignedTo(world.recorder.events, input.keys.workerH160);
  const api = await readApi(world.http, deployment.liveUrls()[0]!, assigned);
  const gracefulStops: string[] = [];
  for (const instance of deployment.instances) {
    const exit = await instance.terminate();
    if (exit !== null && (exit.code !== 0 || exit.signal !== null)) {
      gracefulStops.push(`${instance.id}: SIGTERM at the end exited ${JSON.stringify(exit)}`);
    }
  }
  const snapshot = await readStore(world.phase, deployment.database, input.keys, api);
  return {
    episodes,
    skipped,
    snapshot,
    openAtSettleBound,
    gracefulStops,
    durationMs: Date.now() - began,
  };
}

async function prepareContent(input: PhaseInput, url: string): Promise<JobContext> {
  const upload = async (bytes: Uint8Array): Promise<string> => {
    const answer = await input.world.http.request(url, 'POST', '/content', {
      headers: {
        authorization: `Bearer ${input.uploadToken}`,
        'content-type': 'application/octet-stream',
      },
      body: bytes,
    });
    if (answer?.status !== 201) {
      throw new Error(`POST /content: ${answer?.status} ${answer?.text}`);
    }
    return answer.json<{ modelRef: string }>().modelRef;
  };
  const key = await input.world.http.get(url, '/confidential-key');
  const publicKey = parseServicePublicKey(key?.json<{ publicKey: string }>().publicKey ?? '');
  if (publicKey === null) {
    throw new Error(`GET /confidential-key: ${key?.status} ${key?.text}`);
  }
  return {
    affineModel: await upload(affineModel()),
    loopingModel: await upload(neverEndingModel()),
    allocatingModel: await upload(unboundedAllocationModel()),
    confidentialKey: publicKey,
    maxInputBytes: input.maxInputBytes,
  };
}

const SETTLE_CHECK_BOUND_MS = 90_000;

/**
 * Lets every job of the phase end: executions first, then the chain jumps past the deadlines and
 * grace (dev_newBlock: time passing, so unsettled escrows get flagged and payload-less jobs
 * expire), then every follow-up, user settlement and outbox action. Bounded: returns what is still
 * open at the bound (a zero of the report: the judge sees only up to the stored cursor, so a
 * follower that stopped would otherwise pass unseen), or null when nothing is.
 */
async function settle(input: PhaseInput): Promise<string | null> {
  const { world, keys } = input;
  const { deployment, recorder, profile } = world;
  const deadline = Date.now() + profile.settleTimeoutMs;
  const left = () => Math.max(1_000, deadline - Date.now());
  const workRows = () =>
    deployment.database.db
      .selectFrom('job_work')
      .select(['queue_job_id', 'state', 'settlement', 'follow_up_done'])
      .execute();
  try {
    await waitFor(
      async () =>
        (await workRows()).every(
          (row) => TERMINAL.includes(row.state) || row.state === 'discovered',
        ) && input.settler.actionable().every((job) => job.phase !== world.phase),
      left() / 2,
      'executions to end and users to sign what they can',
      1_000,
    );
    world.say(`[${world.phase}] executions ended; the chain jumps past the deadlines`);
  } catch (err) {
    world.say(`[${world.phase}] ${(err as Error).message}`);
  }
  const info = await devInfo(world.devnetUrl);
  const target =
    info.best.number + profile.deadlineBlocks + profile.graceBlocks + profile.finalityLag + 5;
  for (let best = info.best.number; best < target; best += 50) {
    await devnetRpc(world.devnetUrl, 'dev_newBlock', [Math.min(50, target - best)]);
  }
  let open = 'nothing checked yet';
  const isDone = async () => {
    await recorder.catchUp();
    const assigned = assignedTo(recorder.events, keys.workerH160).map(String);
    const rows = await workRows();
    const byId = new Map(rows.map((row) => [String(row.queue_job_id), row]));
    const unrecorded = assigned.filter((id) => !byId.has(id));
    const unfinished = rows.filter(
      (row) =>
        !(TERMINAL.includes(row.state) && Number(row.follow_up_done) === 1) &&
        row.settlement !== 'flagged',
    );
    const active = await deployment.database.db
      .selectFrom('chain_actions')
      .select('idempotency_key')
      .where('status', 'in', ACTIVE_ACTIONS)
      .execute();
    const cursor = (await deployment.finalizedCursor()) ?? -1;
    const head = (await devInfo(world.devnetUrl)).finalized.number;
    const userEscrows = input.settler
      .pending()
      .filter(
        (job) => job.phase === world.phase && byId.get(job.id.toString())?.settlement !== 'flagged',
      );
    open = [
      unrecorded.length > 0 ? `assigned but not in the ledger: ${unrecorded.join(', ')}` : '',
      unfinished.length > 0
        ? `not ended: ${unfinished.map((r) => `${r.queue_job_id} ${r.state}/${r.settlement}`).join(', ')}`
        : '',
      active.length > 0 ? `actions: ${active.map((a) => a.idempotency_key).join(', ')}` : '',
      cursor < head - 2 ? `cursor ${cursor} behind ${head}` : '',
      userEscrows.length > 0 ? `user escrows open: ${userEscrows.map((j) => j.id).join(', ')}` : '',
    ]
      .filter(Boolean)
      .join('; ');
    return open === '';
  };
  world.say(`[${world.phase}] chain at #${target}; waiting for every job, action and the cursor`);
  try {
    await waitFor(
      // one check may hang on a call lost in a reconnect: bounded, so the bound above still holds
      () => withTimeout(isDone(), SETTLE_CHECK_BOUND_MS, 'one settle check'),
      left(),
      `${world.phase}: every job ended and every action on-chain`,
      1_000,
    );
    return null;
  } catch (err) {
    world.say(`[${world.phase}] not settled: ${(err as Error).message}; open: ${open}`);
    return open;
  }
}

function shuffle<T>(items: T[], random: () => number): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
  return items;
}
