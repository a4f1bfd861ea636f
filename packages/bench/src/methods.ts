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
