// What both Poly1305s (chacha20poly1305.ts and its size variant) share: the accumulator h as ten
// 13-bit limbs in st[0..9], and the carry that normalises it before the final reduction.

/** Two full carry passes leave every limb of h below 2^13 and h below 2^130: the first folds all
 * above 2^130 back in as 5 * carry, after which the second cannot carry out of the top. */
export function polyCarry(st: Int32Array): void {
  let c = 0;
  for (let pass = 0; pass < 2; pass++) {
    for (let i = 0; i < 10; i++) {
      const v = st[i] + c;
      c = v >>> 13;
      st[i] = v & 0x1fff;
    }
    c *= 5;
  }
}
