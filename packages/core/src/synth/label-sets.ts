import { synthiaClasses } from '../datasets/synthia-spec.js';
import type { Material } from './materials.js';

/**
 * Cityscapes trainIds (cityscapesScripts labels.py): the 19 evaluated classes, 255 = ignore.
 * KITTI's semantic benchmark uses the same ids; no spec here holds them, so they live here once.
 */
export const cityscapesTrainIds = {
  road: 0, sidewalk: 1, building: 2, wall: 3, fence: 4, pole: 5, 'traffic light': 6, 'traffic sign': 7,
  vegetation: 8, terrain: 9, sky: 10, person: 11, rider: 12, car: 13, truck: 14, bus: 15, train: 16,
  motorcycle: 17, bicycle: 18, ignore: 255,
} as const;

/** NYU Depth v2 40-class ids (Gupta et al. 2013), 0 = unlabelled; only the classes the rooms use. */
export const nyu40Ids = {
  unlabeled: 0, wall: 1, floor: 2, cabinet: 3, bed: 4, sofa: 6, table: 7, door: 8, picture: 11, ceiling: 22,
} as const;

function synthiaId(name: (typeof synthiaClasses)[number]): number {
  return synthiaClasses.indexOf(name);
}

export type LabelSet = 'cityscapes' | 'synthia' | 'nyu40';

const street: Record<string, { cityscapes: number; synthia: number }> = {
  sky: { cityscapes: cityscapesTrainIds.sky, synthia: synthiaId('sky') },
  road: { cityscapes: cityscapesTrainIds.road, synthia: synthiaId('road') },
  // Cityscapes folds road paint into road; SYNTHIA has its own class for it.
  'lane-marking': { cityscapes: cityscapesTrainIds.road, synthia: synthiaId('lanemarking') },
  sidewalk: { cityscapes: cityscapesTrainIds.sidewalk, synthia: synthiaId('sidewalk') },
  building: { cityscapes: cityscapesTrainIds.building, synthia: synthiaId('building') },
  car: { cityscapes: cityscapesTrainIds.car, synthia: synthiaId('car') },
  'car-glass': { cityscapes: cityscapesTrainIds.car, synthia: synthiaId('car') },
  pole: { cityscapes: cityscapesTrainIds.pole, synthia: synthiaId('pole') },
  'traffic-sign': { cityscapes: cityscapesTrainIds['traffic sign'], synthia: synthiaId('traffic sign') },
  vegetation: { cityscapes: cityscapesTrainIds.vegetation, synthia: synthiaId('vegetation') },
  trunk: { cityscapes: cityscapesTrainIds.vegetation, synthia: synthiaId('vegetation') },
  terrain: { cityscapes: cityscapesTrainIds.terrain, synthia: synthiaId('terrain') },
};

const room: Partial<Record<Material, number>> = {
  floor: nyu40Ids.floor,
  wall: nyu40Ids.wall,
  ceiling: nyu40Ids.ceiling,
  cabinet: nyu40Ids.cabinet,
  table: nyu40Ids.table,
  bed: nyu40Ids.bed,
  sofa: nyu40Ids.sofa,
  door: nyu40Ids.door,
  picture: nyu40Ids.picture,
};

/** Material index → class id in the chosen label set; materials a set cannot name map to its void. */
export function labelTable(set: LabelSet, materialNames: readonly Material[]): Uint16Array {
  return Uint16Array.from(materialNames, (m) => {
    if (set === 'nyu40') return room[m] ?? nyu40Ids.unlabeled;
    const ids = street[m];
    if (!ids) return set === 'cityscapes' ? cityscapesTrainIds.ignore : synthiaId('void');
    return ids[set];
  });
}
