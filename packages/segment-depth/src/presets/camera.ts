import { synthiaSpec, type DatasetSpec, type TrainingSetting } from '@depthkit/core/web';

/**
 * A dataset's focal length in pixels once a whole frame is resized to the network input [h, w]
 * (fx scales with the width): f_train of §4's correction. The camera and native size come from
 * the dataset spec.
 */
export function focalAtInput(dataset: DatasetSpec, input: readonly [number, number]): number {
  const fixed = dataset.intrinsics.fixed;
  if (dataset.intrinsics.source !== 'fixed' || fixed == null) {
    throw new Error(`segment-depth: dataset '${dataset.name}' has no fixed camera in its spec (intrinsics from ${dataset.intrinsics.source}); trainFocal cannot be derived`);
  }
  return (fixed.fx * input[1]) / dataset.resolution.native[1];
}

/** SYNTHIA's focal length at a network input size (the presets' f_train). */
export function synthiaFocalAt(input: readonly [number, number]): number {
  return focalAtInput(synthiaSpec, input);
}

/**
 * f_train for the run's actual setting: the training chain must resize whole frames to the crop
 * (the synthia recipe's `resizeToSize`), with nothing before it that changes the field of view;
 * a random crop's focal length would depend on the size of the frames on disk, which the spec
 * does not fix, so such a setting is refused.
 */
export function trainFocalFor(setting: TrainingSetting): number {
  const a = setting.augmentation;
  const changesView = [a.padTo && 'padTo', a.preResize && 'preResize', a.preCrop && 'preCrop', a.scale && 'scale', a.rotateDegrees > 0 && 'rotateDegrees'].filter(Boolean);
  if (!a.resizeToSize || changesView.length > 0) {
    const found = a.resizeToSize ? `resizeToSize after ${changesView.join(', ')}` : 'a random crop';
    throw new Error(`segment-depth: trainFocal (f_train of §4) can only be derived when training resizes whole frames to the crop; the ${setting.dataset.name} augmentation for crop ${setting.crop.join('x')} uses ${found}. Set trainFocal to null (no focal correction) or use a resizing recipe`);
  }
  return focalAtInput(setting.dataset, setting.crop);
}
