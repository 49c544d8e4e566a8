import { timed, type Measurement } from './measurement';
import { RawRpcClient } from './raw-rpc-client';

/**
 * The baseline: `lanes` raw WebSocket connections, each making up to `perLane` sequential
 * `system_health` calls, all lanes at once. One warm-up call per lane is not counted.
 */
export async function rpcRoundTrips(
  url: string,
  label: string,
  lanes: number,
  perLane: number,
  deadline: number,
): Promise<Measurement> {
  const clients = await Promise.all(Array.from({ length: lanes }, () => RawRpcClient.connect(url)));
  try {
    await Promise.all(clients.map((c) => c.call('system_health')));
    return await timed(label, deadline, async (isOpen) => {
      let ok = 0;
      let failed = 0;
      await Promise.all(
        clients.map(async (client) => {
          for (let i = 0; i < perLane && isOpen(); i++) {
            await client.call('system_health').then(
              () => (ok += 1),
              () => (failed += 1),
            );
          }
        }),
      );
      return { ok, failed };
    });
  } finally {
    await Promise.all(clients.map((c) => c.close()));
  }
}

/** Gives every address `free` planck with `dev_setBalance` (one devnet block each). */
export async function fundAccounts(
  url: string,
  addresses: readonly string[],
  free: bigint,
): Promise<void> {
  const client = await RawRpcClient.connect(url);
  try {
    for (const address of addresses) {
      await client.call('dev_setBalance', [address, free.toString()]);
    }
  } finally {
    await client.close();
  }
}
