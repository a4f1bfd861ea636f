import { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import type { OnednnAddon } from './addon.js';

/**
 * tfjs's cpu backend — tensors in ordinary JS typed arrays, so no 4 GB heap ceiling — with the
 * addon at hand for the native kernels, which read and write those arrays in place.
 */
export class OnednnBackend extends MathBackendCPU {
  constructor(readonly addon: OnednnAddon) {
    super();
    // The cpu backend's first write suggests installing tfjs-node; this is the native backend.
    (this as unknown as { firstUse: boolean }).firstUse = false;
  }
}
