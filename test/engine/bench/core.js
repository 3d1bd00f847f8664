// Benchmarks of what the bundle had before the crypto layer: X25519 (tweetnacl) and SHA-256.
(function () {
  var k = new Uint8Array(32), p = new Uint8Array(32), i;
  for (i = 0; i < 32; i++) { k[i] = (i * 7 + 1) & 255; p[i] = (i * 13 + 5) & 255; }
  p[31] &= 127;
  bench('X25519 shared secret', function () { microtls.x25519(k, p); }, { minMs: 500 });
  var data = new Uint8Array(16384);
  bench('SHA-256 16 KB', function () { microtls.sha256(data); }, { bytes: 16384 });
})();
