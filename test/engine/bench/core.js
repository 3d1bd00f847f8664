// Benchmarks of what the bundle had before the crypto layer: X25519 (tweetnacl). SHA-256 is in hash.js.
(function () {
  var k = new Uint8Array(32), p = new Uint8Array(32), i;
  for (i = 0; i < 32; i++) { k[i] = (i * 7 + 1) & 255; p[i] = (i * 13 + 5) & 255; }
  p[31] &= 127;
  bench('X25519 shared secret', function () { microtls.x25519(k, p); }, { minMs: 500 });
})();
