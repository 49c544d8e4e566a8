import { describeReducedFaultRun } from '../support/reduced-fault-run';

// the reduced fault run's postgres deployment (docs/guarantees.md); the other runs in its own file
describeReducedFaultRun('postgres');
