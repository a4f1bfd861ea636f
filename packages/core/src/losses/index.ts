export { validMask, maskedMean, type MaskedLossOptions } from './masking.js';
export { scaleInvariantLogLoss, type ScaleInvariantLogOptions } from './scale-invariant-log.js';
export { berHuLoss, type BerHuOptions } from './berhu.js';
export { maskedL1Loss, smoothL1Loss, type SmoothL1Options } from './masked-l1.js';
export { weightedBceLoss, type WeightedBceOptions } from './weighted-bce.js';
