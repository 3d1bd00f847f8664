// Size variant of p256kernel.ts: the Montgomery engine of ecfield.small.ts needs no per-curve
// kernels, so the size-preferring bundles leave the unrolled ones out.
export const p256Kernels = null;
