// The executors' public face: the Executor interface, the sandbox that runs them, and the ONNX
// format checks admission uses. The executors themselves load lazily inside the sandbox child.
export type * from './executor';
export * from './onnx-format';
export * from './sandbox';
