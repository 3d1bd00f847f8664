// Benchmarks of the hash layer: SHA-256/384/1 throughput, HMAC of a short message (the TLS 1.2
// record MAC and every HKDF step), HKDF-Expand-Label (each TLS 1.3 key and IV), the TLS 1.2 PRF
// (master secret and key block), and a transcript-hash snapshot (copy + digest).
(function () {
  var M = microtls, i;
  var data = new Uint8Array(16384);
  for (i = 0; i < data.length; i++) data[i] = (i * 31 + 1) & 255;
  var key = data.subarray(0, 32), msg = data.subarray(32, 96), secret48 = data.subarray(0, 48);
  var empty = new Uint8Array(0);
  bench('SHA-256 16 KB', function () { M.sha256(data); }, { bytes: 16384 });
  bench('SHA-384 16 KB', function () { M.SHA384.create().update(data).digest(); }, { bytes: 16384 });
  bench('SHA-1 16 KB', function () { M.SHA1.create().update(data).digest(); }, { bytes: 16384 });
  bench('HMAC-SHA-256 64 B', function () { M.hmac(M.SHA256, key, msg); }, { bytes: 64 });
  bench('HKDF-Expand-Label SHA-256 key 16 B', function () {
    M.hkdfExpandLabel(M.SHA256, key, 'key', empty, 16);
  });
  bench('TLS 1.2 PRF SHA-256 master secret 48 B', function () {
    M.tls12Prf(M.SHA256, secret48, 'master secret', msg, 48);
  });
  var transcript = M.SHA384.create().update(data.subarray(0, 3000));
  bench('SHA-384 transcript copy + digest', function () { transcript.copy().digest(); });
})();
