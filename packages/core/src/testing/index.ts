export { expectNoTensorLeak, relativeError } from './tensor-leaks.js';
export { runNumpyReference, type NumpyArray } from './numpy-reference.js';
export { sharedData } from '../datasets/testing/shared-data.js';
export { saveKnownBackbone, weightsByName, nestedModelOf } from './known-backbone.js';
export { onednnAvailability, testedEngines } from './engines.js';
export { testMethod, type TestMethodConfig } from '../method/testing/test-method.js';
export { saveAndReload, type SaveAndReloadOptions, type SavedAndReloaded } from '../method/testing/save-and-reload.js';
export { trainOnWasmAndOnednn, trainOnEngines, type EngineParityOptions } from '../method/testing/engine-parity.js';
