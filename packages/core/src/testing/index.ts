export { expectNoTensorLeak, relativeError } from './tensor-leaks.js';
export { runNumpyReference, type NumpyArray } from './numpy-reference.js';
