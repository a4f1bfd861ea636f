import type { Augmentation, AugmentationRecipe } from './augmentation.js';
import { colourJitter } from './colour-jitter.js';
import { fixedCrop, kbCrop, randomCrop } from './crop.js';
import { randomFlip } from './flip.js';
import { padToAtLeast, zeroPad } from './pad.js';
import { resizeTo } from './resize.js';
import { randomRotation } from './rotate.js';
import { randomScale } from './scale.js';

/** Every factory whose steps carry a recipe, by the name the recipe gives. */
const factories: Record<string, (...args: never[]) => Augmentation> = {
  colourJitter,
  randomCrop,
  fixedCrop,
  kbCrop,
  randomFlip,
  padToAtLeast,
  zeroPad,
  resizeTo,
  randomRotation,
  randomScale,
};

/** The recipes of a chain, or the names of the steps that have none (they cannot leave this thread). */
export function chainRecipes(chain: readonly Augmentation[]): { recipes: AugmentationRecipe[] } | { missing: string[] } {
  const missing = chain.filter((step) => !step.recipe || !(step.recipe.factory in factories)).map((step) => step.name);
  return missing.length > 0 ? { missing } : { recipes: chain.map((step) => step.recipe!) };
}

/** The chain again, in another thread, from its recipes. */
export function rebuildChain(recipes: readonly AugmentationRecipe[]): Augmentation[] {
  return recipes.map(({ factory, args }) => {
    const make = factories[factory];
    if (!make) throw new Error(`augmentation recipe: unknown factory '${factory}'; expected one of ${Object.keys(factories).join(', ')}`);
    return make(...(args as never[]));
  });
}
