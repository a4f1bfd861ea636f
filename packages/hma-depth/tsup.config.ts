import { depthkitPackageTsupConfig } from '../../tools/tsup-shared.js';

export default depthkitPackageTsupConfig();
