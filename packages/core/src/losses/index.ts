export { validMask, maskedMean, type MaskedLossOptions } from './masking.js';
export { scaleInvariantLogLoss, type ScaleInvariantLogOptions } from './scale-invariant-log.js';
export { berHuLoss, type BerHuOptions } from './berhu.js';
export { maskedL1Loss, smoothL1Loss, type SmoothL1Options } from './masked-l1.js';
export { weightedBceLoss, type WeightedBceOptions } from './weighted-bce.js';
export {
  crossEntropyWithIgnore,
  depthClassificationLoss,
  ordinalLoss,
  softClassificationLoss,
  expectedClass,
  type SoftClassificationOptions,
} from './depth-classification.js';
export { discriminativeLoss, type DiscriminativeLossOptions, type DiscriminativeLossTerms } from './discriminative.js';
export { discriminatorLoss, generatorAdversarialLoss, type GanMode } from './gan.js';
