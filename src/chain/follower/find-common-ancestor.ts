/**
 * Given the hashes a follower processed per height and the chain's current canonical hashes,
 * returns the highest height where both agree (the fork point), or `floor` when they never
 * agree above it. Heights missing on either side count as disagreement.
 */
export function findCommonAncestor(
  known: ReadonlyMap<bigint, string>,
  canonical: ReadonlyMap<bigint, string>,
  floor: bigint,
): bigint {
  let agreed = floor;
  const heights = [...known.keys()]
    .filter((h) => h > floor)
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  for (const height of heights) {
    if (canonical.get(height) !== known.get(height)) {
      break;
    }
    agreed = height;
  }
  return agreed;
}
