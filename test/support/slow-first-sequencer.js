/**
 * Jest's test order for parallel workers: the longest files first, so that no long file starts
 * last and keeps one worker busy while the others sit idle (longest-processing-time first).
 *
 * Jest's own sequencer knows a file's duration only from an earlier run on this machine (its
 * cache); on a fresh clone, as in CI, it orders by file size, which says little here: the four-line
 * `tx-manager-crash-*.e2e-spec.ts` files are among the longest. So a file with no recorded
 * duration is estimated from its tier, and the known long ones from the figures below.
 */
const Sequencer = require('@jest/test-sequencer').default;
const path = require('node:path');

/** Estimated ms of a file no run has timed yet, by Jest project. */
const TIER_ESTIMATE_MS = { e2e: 20_000, integration: 5_000, unit: 500 };

/**
 * Seconds of the longest files in a parallel `npm test` (2 workers on a busy 2-core machine,
 * 2026-12-06; README, "Tests"; `fault-harness-*` estimated); other files count by their tier. Only
 * their order matters: refresh them when a file grows much longer or shorter.
 */
const KNOWN_SLOW_S = {
  'test/e2e/fault-harness-sqlite.e2e-spec.ts': 150,
  'test/e2e/fault-harness-postgres.e2e-spec.ts': 140,
  'test/e2e/start-command.e2e-spec.ts': 100,
  'test/e2e/tx-manager-crash-postgres.e2e-spec.ts': 56,
  'test/e2e/cli-commands.e2e-spec.ts': 56,
  'test/e2e/tx-manager-crash-sqlite.e2e-spec.ts': 43,
  'test/e2e/cli-content-upload.e2e-spec.ts': 35,
  'test/e2e/cli-private-job.e2e-spec.ts': 33,
  'test/e2e/graceful-drain-sqlite.e2e-spec.ts': 31,
  'test/e2e/api-fuzz.e2e-spec.ts': 30,
  'test/e2e/follower-faults.e2e-spec.ts': 29,
  'test/e2e/graceful-drain-postgres.e2e-spec.ts': 28,
};

class SlowFirstSequencer extends Sequencer {
  sort(tests) {
    const weight = (test) => {
      const recorded = this.time(test);
      if (recorded !== undefined) {
        return recorded;
      }
      const file = path.relative(test.context.config.rootDir, test.path).split(path.sep).join('/');
      if (KNOWN_SLOW_S[file] !== undefined) {
        return KNOWN_SLOW_S[file] * 1000;
      }
      return TIER_ESTIMATE_MS[test.context.config.displayName?.name] ?? 0;
    };
    const weights = new Map(tests.map((test) => [test, weight(test)]));
    return [...tests].sort((a, b) => {
      const failedA = this.hasFailed(a);
      if (failedA !== this.hasFailed(b)) {
        return failedA ? -1 : 1;
      }
      return weights.get(b) - weights.get(a) || (a.path < b.path ? -1 : 1);
    });
  }
}

module.exports = SlowFirstSequencer;
