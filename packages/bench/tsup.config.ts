import { depthkitPackageTsupConfig } from '../../tools/tsup-shared.js';

// sharp is native: the application's install provides it.
export default depthkitPackageTsupConfig(['sharp']);
