export {
  defineMethod,
  definePreset,
  depthMethodContractVersion,
  type DepthMethod,
  type MethodModel,
  type MethodPreset,
  type PaperReference,
  type TrainBatch,
  type TrainingRecipe,
} from './depth-method.js';
export { predictDepth, strideFitPadding } from './predict-depth.js';
