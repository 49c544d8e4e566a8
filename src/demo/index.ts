export * from './send-and-wait';
export * from './contract-gateway';
export * from './user-wallet';
export * from './demo-scenario';
export * from './demo-traffic';
export * from './job-outcome-watcher';
