export * from './onnx-model';
export * from './read-onnx-metadata';
