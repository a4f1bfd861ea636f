export { BatchNorm, batchNorm, type BatchNormArgs } from './batch-norm.js';
export { registerCoreLayers, corePackageName } from './register.js';
export { Resize, resize, resizeImages, type ResizeArgs, type ResizeConvention } from './resize.js';
export { Conv2D, conv2d, type Conv2DArgs } from './conv2d.js';
export { GroupNorm, groupNorm, groupNormalize, type GroupNormArgs } from './group-norm.js';
export { ReplicatePad, replicatePad, replicatePadLayer, type ReplicatePadArgs } from './replicate-pad.js';
export { aspp, ImagePooling, type AsppArgs } from './aspp.js';
