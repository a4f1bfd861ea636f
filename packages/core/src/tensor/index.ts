export { batchNormTraining, type BatchNormTrainingResult } from './batch-norm-training.js';
export { stopGradient } from './stop-gradient.js';
export {
  binCentres,
  binEdges,
  binToDepth,
  depthToBin,
  expectedDepth,
  validateDiscretisation,
  type Discretisation,
} from './depth-discretisation.js';
export { regionMeanPool, type RegionMeanPoolResult } from './region-mean-pool.js';
export { softArgmax } from './soft-argmax.js';
export { coordinateMap } from './coordinate-map.js';
