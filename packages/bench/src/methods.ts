import type { DepthMethod } from '@depthkit/core';
import { deeplabSid } from '@depthkit/deeplab-sid';
import { dsSidenet } from '@depthkit/ds-sidenet';
import { hmaDepth } from '@depthkit/hma-depth';
import { regionSupport } from '@depthkit/region-support';
import { segmentDepth } from '@depthkit/segment-depth';

/**
 * Every method the bench runs, in report order. Explicit on purpose: a method is benchmarked
 * because it is listed here, never because something imported it.
 */
// Methods differ in their config type; the bench only passes each its own.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const benchMethods: ReadonlyArray<DepthMethod<any>> = [hmaDepth, dsSidenet, deeplabSid, regionSupport, segmentDepth];

/** A predict-time change to a model's config that the bench scores as a row of its own. */
export interface BenchSetting {
  /** Written in the row's `setting` column. */
  name: string;
  config: Record<string, unknown>;
}

/**
 * Methods scored under more than one predict-time setting, one row each, by method id. Explicit
 * like the method list. segment-depth's matchTestFocal (resample a test image so its focal
 * length nears f_train) is depthkit's addition to §4, which corrects depth only: its rows (the
 * synthetic analogue of the paper's KITTI Table 2) come with the addition and without it.
 */
export const benchSettings: Readonly<Record<string, ReadonlyArray<BenchSetting>>> = {
  'segment-depth': [
    { name: 'matchTestFocal=true (depthkit: resample towards f_train, then §4 correction)', config: { matchTestFocal: true } },
    { name: 'matchTestFocal=false (the paper: §4 depth correction only)', config: { matchTestFocal: false } },
  ],
};
