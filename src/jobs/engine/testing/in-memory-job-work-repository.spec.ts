import { InMemoryJobWorkRepository } from './in-memory-job-work-repository';
import { jobWorkRepositoryContract } from './job-work-repository-contract';

// The same suite runs on SQLite and PostgreSQL in test/integration/job-work.int-spec.ts.
jobWorkRepositoryContract('InMemoryJobWorkRepository', () =>
  Promise.resolve(new InMemoryJobWorkRepository()),
);
