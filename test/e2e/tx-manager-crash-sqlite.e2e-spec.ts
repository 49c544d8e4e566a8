import { describeTxManagerCrash } from '../support/tx-manager-crash-story';

// crash recovery of the outbox is a database's business: this story runs on both (see the sibling file)
describeTxManagerCrash('sqlite');
