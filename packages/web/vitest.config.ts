import { depthkitVitestConfig } from '../../tools/vitest-shared.js';

export default depthkitVitestConfig();
