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
