// Size variant of p384kernel.ts: the Montgomery engine of ecfield.small.ts needs no per-curve
// kernels, so the size-preferring bundles leave the unrolled ones out.
export const p384Kernels = null;
