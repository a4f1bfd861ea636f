export * from './spec.js';
export { kittiSpec } from './kitti-spec.js';
export { nyuSpec } from './nyu-spec.js';
