export { expectNoTensorLeak, relativeError } from './tensor-leaks.js';
export { runNumpyReference, type NumpyArray } from './numpy-reference.js';
export { sharedData } from '../datasets/testing/shared-data.js';
export { saveKnownBackbone, weightsByName, nestedModelOf } from './known-backbone.js';
export { onednnAvailability, testedEngines } from './engines.js';
