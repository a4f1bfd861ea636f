/** Fused activation codes the addon understands (native/kernels.hpp). */
export const activationCodes = { linear: 0, relu: 1, relu6: 2, elu: 3, sigmoid: 4, leakyrelu: 1 } as const;

/**
 * The addon's code and alpha for a tfjs fused activation, or null for one it cannot fuse
 * (prelu, which needs per-channel weights): the kernel then falls back to tfjs's cpu kernel.
 */
export function nativeActivation(activation: string | undefined, leakyreluAlpha: number | undefined): [number, number] | null {
  const name = activation ?? 'linear';
  if (!(name in activationCodes)) return null;
  const code = activationCodes[name as keyof typeof activationCodes];
  return [code, name === 'leakyrelu' ? (leakyreluAlpha ?? 0.2) : 0];
}
