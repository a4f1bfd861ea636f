import { colormapColour, type ColormapName } from '@depthkit/core';

/**
 * What toColour's documented mapping gives the nearest and the farthest pixel, worked out from
 * the colour map itself: inverse depth from the nearest pixel (top of the map) down to the
 * farthest (bottom), so those two take the map's two end colours.
 */
export function endColours(colormap: ColormapName): { nearest: number[]; farthest: number[] } {
  return { nearest: colormapColour(colormap, 1), farthest: colormapColour(colormap, 0) };
}
