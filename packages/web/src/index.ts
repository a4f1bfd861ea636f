// @depthkit/web: a trained depthkit model in a page. Browser-safe: imports core's and the
// methods' /web entries and tfjs only; the backend packages load when chosen.
export { loadDepthModel, type LoadDepthModelOptions, type DepthModelMetadata } from './load-depth-model.js';
export { DepthEstimator, type DepthResult, type EstimateOptions } from './depth-estimator.js';
export { toColour, type DepthPixels } from './to-colour.js';
export { depthMethods, depthMethodOf } from './depth-methods.js';
export { initWebBackend, webBackendNames, type WebBackendName, type WasmPaths, type BackendOptions } from './backend.js';
export { modelJsonUrl, type ModelSource, type LoadProgress } from './model-source.js';
export type { DepthImage, RgbaPixels } from './image-input.js';
export { colormapNames, type ColormapName, type Intrinsics } from '@depthkit/core/web';
