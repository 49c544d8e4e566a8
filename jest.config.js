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
  // sized for. Measured there, quiet: 2 workers 365 s, 3 workers 312 s (a file waiting on its chain
  // leaves its core to another; the run is CPU-bound beyond that). `--maxWorkers=n` overrides.
  maxWorkers: 3,
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
