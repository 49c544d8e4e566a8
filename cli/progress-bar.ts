import type { FollowerProgress } from '../src/chain/follower';

const WIDTH = 30;

/** One line: `[#####-----] finalized 1200/5000 blocks (24%), 37 events`. */
export function formatProgress(progress: FollowerProgress): string {
  const total = progress.to - progress.from + 1n;
  const done = progress.current - progress.from + 1n;
  const ratio = total > 0n ? Number((done * 1000n) / total) / 1000 : 1;
  const filled = Math.round(ratio * WIDTH);
  const bar = `${'#'.repeat(filled)}${'-'.repeat(WIDTH - filled)}`;
  return `[${bar}] ${progress.lane} #${progress.current.toString()}/${progress.to.toString()} (${Math.round(ratio * 100)}%), ${progress.events} events`;
}
