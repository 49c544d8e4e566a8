import type { Launcher } from './processes';
import type { FaultProfile } from './profile';

/** How one harness run is set up (its own file: the report names the options it ran with). */
export interface HarnessOptions {
  readonly profile: FaultProfile;
  readonly seed: number;
  readonly launcher: Launcher;
  /** where logs, the report and the run's files go */
  readonly outDir: string;
  readonly say: (line: string) => void;
  /** the command line that reproduces this run, for the report */
  readonly command: string;
  /**
   * The deployments to run, in this order; both by default. `npm test` runs each in its own file,
   * so that the two run side by side on two Jest workers.
   */
  readonly deployments?: readonly DeploymentName[];
}

export type DeploymentName = 'sqlite' | 'postgres';
