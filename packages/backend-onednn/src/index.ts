export { registerOnednnBackend, onednnStatus, onednnBackendName } from './register.js';
export type { OnednnInfo, RegisterOptions } from './register.js';
export { OnednnBackend } from './backend.js';
export { loadAddon, rebuildHint } from './addon.js';
export type { OnednnAddon, AddonStatus } from './addon.js';
export { batchNormTrainingKernelName, batchNormTrainingGradKernelName } from './kernels/batch-norm.js';
export { reluGradFromOutputKernelName } from './kernels/activation-grad.js';
export { groupedConvKernelNames } from './kernels/conv.js';
export { adamUpdateKernelName, sgdUpdateKernelName } from './kernels/optimizer.js';
