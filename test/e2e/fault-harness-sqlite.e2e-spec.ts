import { describeReducedFaultRun } from '../support/reduced-fault-run';

// the reduced fault run's sqlite deployment (docs/guarantees.md); the other runs in its own file
describeReducedFaultRun('sqlite');
