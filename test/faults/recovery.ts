import { devInfo } from './devnet-control';
import type { Deployment } from './deployment';
import type { ServiceHttp } from './service-http';

/** How far (in blocks) the store's finalized cursor may trail the chain and count as caught up. */
const CAUGHT_UP_BLOCKS = 2;

/**
 * Waits until the deployment has recovered: every live instance answers /ready with 200 and the
 * store's finalized cursor is within CAUGHT_UP_BLOCKS of the chain's finalized head. Returns the
 * time from `since` (ms), or null when it did not recover within `timeoutMs`.
 */
export async function waitRecovered(
  deployment: Deployment,
  devnetUrl: string,
  http: ServiceHttp,
  since: number,
  timeoutMs: number,
): Promise<number | null> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await isRecovered(deployment, devnetUrl, http)) {
      return Date.now() - since;
    }
    await new Promise((done) => setTimeout(done, 200));
  }
  return null;
}

async function isRecovered(
  deployment: Deployment,
  devnetUrl: string,
  http: ServiceHttp,
): Promise<boolean> {
  const urls = deployment.liveUrls();
  if (urls.length === 0) {
    return false;
  }
  for (const url of urls) {
    const ready = await http.get(url, '/ready');
    if (ready?.status !== 200) {
      return false;
    }
  }
  try {
    const [cursor, chain] = await Promise.all([deployment.finalizedCursor(), devInfo(devnetUrl)]);
    return cursor !== null && cursor >= chain.finalized.number - CAUGHT_UP_BLOCKS;
  } catch {
    return false; // the database restarting, say
  }
}
