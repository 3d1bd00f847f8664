// SHA-2 constants (FIPS 180-4 sections 4.2.2, 4.2.3, 5.3.4, 5.3.5): the first 64 bits of the
// fractional parts of the cube roots of the first 80 primes (round constants; SHA-256's are the
// top 32 bits of the first 64), and of the square roots of the first 16 primes (SHA-512's and
// SHA-384's initial states; SHA-256's are the top halves of SHA-512's). Computed when the module
// loads instead of stored, which takes less code than their 1.6 KB of hex.
//
// How: a double gives r = p^(1/k) to about 50 bits; m = round(r * 2^48) is then refined by one
// Newton step, m + (p * 2^(48k) - m^k) / (k * m^(k-1)), whose error (~2^-98) is far below the
// 64 bits kept. The residual p * 2^(48k) - m^k is computed exactly on 24-bit limbs in doubles
// (every partial sum stays below 2^53) before it becomes a double itself.

/** The 80 64-bit round constants as high halves (signed) and low halves (unsigned), the form
 * SHA-512's rounds add them in; SHA-256 uses the first 64 high halves. */
export const KH = new Int32Array(80);
export const KL = new Uint32Array(80);
/** SHA-512 and SHA-384 initial states, 16 words each (high, low, high, low, ...), and SHA-256's
 * (the high halves of SHA-512's). */
export const IV512 = new Int32Array(16);
export const IV384 = new Int32Array(16);
export const IV256 = new Int32Array(8);

(function (): void {
  const W24 = 16777216, S = 281474976710656, W32 = 4294967296;
  const L = new Float64Array(10), N = new Float64Array(10);
  /** Sets hi[i], lo[j] to the high and low 32 bits of frac(p^(1/k)) * 2^64. */
  function fracRoot(p: number, k: number, hi: Int32Array, lo: Int32Array | Uint32Array, i: number, j: number): void {
    const m = Math.round(Math.pow(p, 1 / k) * S);
    let c = 0, x = 0;
    for (x = 0; x < 10; x++) L[x] = x === 0 ? 1 : 0;
    // L = m^k: m < 2^51 is three limbs; each product column sums three terms below 2^48.
    for (let e = 0; e < k; e++) {
      for (x = 0; x < 10; x++) N[x] = 0;
      for (x = 0; x < 7; x++) for (let t = 0; t < 3; t++) N[x + t] += L[x] * (Math.floor(m / Math.pow(W24, t)) % W24);
      c = 0;
      for (x = 0; x < 10; x++) {
        const v = N[x] + c;
        c = Math.floor(v / W24);
        L[x] = v - c * W24;
      }
    }
    // The residual p * 2^(48k) - m^k, small and of either sign: floor carries leave limbs in
    // [0, 2^24) and the sign in c, so Horner's rule from the top cancels nothing.
    c = 0;
    for (x = 0; x < 10; x++) {
      const v = (x === 2 * k ? p : 0) - L[x] + c;
      c = Math.floor(v / W24);
      L[x] = v - c * W24;
    }
    let r = c;
    for (x = 9; x >= 0; x--) r = r * W24 + L[x];
    // frac * 2^64 = (m mod 2^48) * 2^16 + the Newton correction * 2^16, split without passing 2^53.
    const f = m % S;
    const low = (f % 65536) * 65536 + Math.floor(r / (k * Math.pow(m, k - 1)) * 65536);
    c = Math.floor(low / W32);
    hi[i] = Math.floor(f / 65536) + c;
    lo[j] = low - c * W32;
  }
  for (let p = 2, n = 0; n < 80; p++) {
    let q = 2;
    while (p % q !== 0) q++;
    if (q < p) continue;
    fracRoot(p, 3, KH, KL, n, n);
    if (n < 16) {
      const iv = n < 8 ? IV512 : IV384, w = 2 * (n & 7);
      fracRoot(p, 2, iv, iv, w, w + 1);
      if (n < 8) IV256[n] = iv[w];
    }
    n++;
  }
})();
