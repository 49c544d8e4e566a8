export * from './parse-result';
export * from './model-ref';
export * from './data-url';
export * from './data-ref';
