export * from './find-file-reach';
export * from './onnx-model';
export * from './read-onnx-metadata';
