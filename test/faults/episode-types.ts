import type { UserWallet } from '../../src/demo';
import type { ChainRecorder } from './chain-recorder';
import type { Deployment } from './deployment';
import type { OwnedPostgres } from './owned-postgres';
import type { EpisodeKind, FaultProfile } from './profile';
import type { RpcProxy } from './rpc-proxy';
import type { ServiceHttp } from './service-http';
import type { SmallDisk } from './small-disk';

/** What one fault did and how long the service took to be ready and caught up again. */
export interface EpisodeRecord {
  readonly phase: string;
  readonly kind: EpisodeKind;
  readonly detail: string;
  readonly at: string;
  /** ms from the end of the fault to recovered; null: not recovered within the bound */
  readonly recoveryMs: number | null;
  /** the promise this episode checks beyond recovery, broken (else absent) */
  readonly violation?: string;
}

/** Everything an episode may touch. */
export interface FaultWorld {
  readonly phase: string;
  readonly profile: FaultProfile;
  readonly random: () => number;
  readonly say: (line: string) => void;
  readonly devnetUrl: string;
  readonly proxy: RpcProxy;
  readonly deployment: Deployment;
  readonly http: ServiceHttp;
  readonly recorder: ChainRecorder;
  readonly disk: SmallDisk | null;
  readonly postgres: OwnedPostgres | null;
  /** a wallet for the drain episode's slow job */
  readonly drainUser: UserWallet;
  /** Whether the harness's own chain connections (wallets, recorder) are up. */
  readonly harnessConnected: () => boolean;
  readonly workerH160: string;
  readonly leaseTtlMs: number;
  readonly drainMs: number;
}

/** Records an episode: its detail, recovery time and any broken promise. */
export type Recorder = (
  detail: string,
  recoveryMs: number | null,
  violation?: string,
) => EpisodeRecord;
