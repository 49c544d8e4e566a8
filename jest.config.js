/** @type {import('jest').Config} */
// @noble/* v2 ship ESM only; Node 20.19+ loads them with require(), Jest needs them transformed.
const transform = { '^.+\\.ts$': ['@swc/jest'], '/node_modules/@noble/.+\\.js$': ['@swc/jest'] };
const common = {
  transform,
  transformIgnorePatterns: ['/node_modules/(?!@noble/)'],
  testEnvironment: 'node',
  moduleFileExtensions: ['ts', 'js', 'json'],
};

module.exports = {
  testTimeout: 60000,
  // Parallel workers, each test file with its own devnet ports and database (README, "Tests").
  // Jest's default (cores − 1) is one worker, i.e. serial, on the 2-core machine this suite is
  // sized for. Many files wait on their chain's blocks or a child process, leaving their core to
  // another worker. Measured there, quiet, fresh clone (2026-12-06, 215 files): 3 workers 284 s
  // with 14% of CPU time idle, 4 workers 250 s with 3% idle, the same CPU seconds. `--maxWorkers=n`
  // overrides.
  maxWorkers: 4,
  // the longest files first, also on a fresh clone (no Jest cache): see the file
  testSequencer: '<rootDir>/test/support/slow-first-sequencer.js',
  projects: [
    {
      ...common,
      displayName: 'unit',
      testMatch: [
        '<rootDir>/{src,devnet,cli,web,bench}/**/*.spec.ts',
        '<rootDir>/test/faults/**/*.spec.ts',
      ],
    },
    {
      ...common,
      displayName: 'integration',
      // beside their code (model, sandbox, crypto and socket specs) or in test/integration
      testMatch: [
        '<rootDir>/test/integration/**/*.int-spec.ts',
        '<rootDir>/{src,devnet,cli,web}/**/*.int-spec.ts',
      ],
    },
    {
      ...common,
      displayName: 'e2e',
      testMatch: ['<rootDir>/test/e2e/**/*.e2e-spec.ts'],
      setupFiles: ['<rootDir>/test/support/quiet-devnet-disconnects.ts'],
    },
  ],
};
