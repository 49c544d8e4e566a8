export * from './content-digest';
export * from './content-store';
export * from './fs-content-store';
