import type { DepthMethod } from '@depthkit/core/web';
import { deeplabSid } from '@depthkit/deeplab-sid/web';
import { dsSidenet } from '@depthkit/ds-sidenet/web';
import { hmaDepth } from '@depthkit/hma-depth/web';
import { regionSupport } from '@depthkit/region-support/web';
import { segmentDepth } from '@depthkit/segment-depth/web';

/**
 * The methods a page can load, by the id a model's metadata records. Explicit, as the bench's
 * list is: nothing registers itself, and a bundler keeps exactly these five.
 */
export const depthMethods: Readonly<Record<string, DepthMethod<unknown>>> = Object.freeze({
  [hmaDepth.id]: hmaDepth as DepthMethod<unknown>,
  [deeplabSid.id]: deeplabSid as DepthMethod<unknown>,
  [dsSidenet.id]: dsSidenet as DepthMethod<unknown>,
  [regionSupport.id]: regionSupport as DepthMethod<unknown>,
  [segmentDepth.id]: segmentDepth as DepthMethod<unknown>,
});

/** The method a model's metadata names, or an error listing the ones this package knows. */
export function depthMethodOf(id: unknown, where: string): DepthMethod<unknown> {
  const method = typeof id === 'string' && Object.hasOwn(depthMethods, id) ? depthMethods[id] : undefined;
  if (!method) {
    throw new Error(`${where}: userDefinedMetadata.depthkit.method is ${JSON.stringify(id)}; expected one of ${Object.keys(depthMethods).join(', ')} (the methods @depthkit/web knows)`);
  }
  return method;
}
