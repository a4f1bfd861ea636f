/** The seeded generator every random test case draws from (reproducible when the seed is). */
export { mulberry32 as seededRandom } from '../../datasets/pipeline/prng.js';
