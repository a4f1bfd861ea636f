/** `{ ...defaults, ...args }` where an explicitly undefined option keeps its default. */
export function withDefaults<D extends object, A extends object>(defaults: D, args: A): D & A {
  const defined = Object.fromEntries(Object.entries(args).filter(([, v]) => v !== undefined));
  return { ...defaults, ...defined } as D & A;
}
