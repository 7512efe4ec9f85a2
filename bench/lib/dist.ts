/**
 * Benchmarks run the BUILT harness (dist/), as a user does. Node runs these .ts files by stripping
 * types, and cannot follow src/'s `.js` import paths from a .ts file, so modules come from dist/
 * through this helper; callers pass `typeof import('../../src/….js')` as T for the types.
 */
export const ROOT = new URL('../../', import.meta.url).pathname.replace(/\/$/, '');

export async function fromDist<T>(path: string): Promise<T> {
  return (await import(new URL(`../../dist/${path}`, import.meta.url).href)) as T;
}
