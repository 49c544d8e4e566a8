import { describeGracefulDrain } from '../support/graceful-drain-story';

// draining (the follower's lease) is a database's business: this story runs on both (see the sibling file)
describeGracefulDrain('postgres');
