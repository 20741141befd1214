/**
 * Ordering of resourceVersions (kubernetes-watch.md): since Kubernetes 1.35 (KEP-5504) the
 * resourceVersions of one resource are positive decimal integers without leading zeros, a larger
 * one newer, as client-go's CompareResourceVersion reads them. Compared as strings (length, then
 * digits), so any size works without parsing. '0' sorts below every valid one and stands for
 * "nothing yet".
 */

const ORDERED_RV = /^[1-9][0-9]*$/;

/** The resourceVersion below every real one. */
export const RV_ZERO = '0';

/** True when `rv` can be ordered (a positive decimal integer without leading zeros). */
export function isOrderedRv(rv: string): boolean {
  return ORDERED_RV.test(rv);
}

/** <0, 0, >0 as `a` is older than, equal to, newer than `b`. Both must be ordered (or RV_ZERO). */
export function compareRv(a: string, b: string): number {
  if (a.length !== b.length) return a.length - b.length;
  return a < b ? -1 : a > b ? 1 : 0;
}

export function maxRv(a: string, b: string): string {
  return compareRv(a, b) >= 0 ? a : b;
}
