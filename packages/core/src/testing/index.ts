export { expectNoTensorLeak, relativeError } from './tensor-leaks.js';
