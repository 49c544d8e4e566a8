import type { AppConfig } from '../config';
import { runningHealth, type LongRunning, type PartHealth } from '../shared';
import type { LocalDevnet, RuntimeHost } from './runtime-host';

/** The bundled devnet (no RPC_URL), started through the host's entry point. */
export class DevnetPart implements LongRunning {
  readonly name = 'devnet';
  private running: LocalDevnet | null = null;

  constructor(
    private readonly startDevnet: RuntimeHost['startDevnet'],
    private readonly config: AppConfig['devnet'],
  ) {}

  get devnet(): LocalDevnet {
    if (this.running === null) {
      throw new Error('the devnet is not running');
    }
    return this.running;
  }

  async start(): Promise<void> {
    this.running = await this.startDevnet({
      port: this.config.port,
      blockTimeMs: this.config.blockTimeMs,
      stateFile: this.config.stateFile,
    });
  }

  async stop(): Promise<void> {
    const running = this.running;
    this.running = null;
    await running?.stop();
  }

  health(): PartHealth {
    return runningHealth(this.running !== null);
  }
}
