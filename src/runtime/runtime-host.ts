import type { FollowerProgress } from '../chain/follower';
import type { ContractName } from '../contracts';
import type { LogRoot } from '../logging';
import type { Logger } from '../shared';

/** The bundled devnet as the runtime sees it: a JSON-RPC URL and where its contracts live. */
export interface LocalDevnet {
  /** e.g. `ws://127.0.0.1:9944` */
  readonly url: string;
  readonly contracts: Readonly<Record<ContractName, string>>;
  stop(): Promise<void>;
}

export interface LocalDevnetOptions {
  /** 0: any free port. */
  readonly port: number;
  readonly blockTimeMs: number;
  readonly stateFile: string;
}

/**
 * What the process hands the runtime besides the config: its logger, the devnet's entry point
 * (src/ never imports devnet/ code: ARCHITECTURE §5, so cli/ passes `startDevnet` in), a signal that
 * abandons the start (SIGINT/SIGTERM), and what it wants to hear while starting.
 */
export interface RuntimeHost {
  readonly log: Logger;
  /** The pino instance behind `log`: HTTP request lines go through it too. */
  readonly logRoot: LogRoot;
  /** Starts the bundled devnet; called only when no RPC_URL is configured. */
  readonly startDevnet: (options: LocalDevnetOptions) => Promise<LocalDevnet>;
  /** Aborting it ends the start: what runs is stopped, the start rejects with the abort reason. */
  readonly signal?: AbortSignal;
  /** The devnet runs (before the database opens: a banner may say where it is at once). */
  readonly onDevnet?: (devnet: LocalDevnet) => void;
  /** The follower's catch-up progress (a progress bar). */
  readonly onProgress?: (progress: FollowerProgress) => void;
}
