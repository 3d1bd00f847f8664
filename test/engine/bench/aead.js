// AEAD record protection: AES-128-GCM and ChaCha20-Poly1305 seal and open of a 16 KB and a 1 KB
// record (13-byte additional data, as TLS 1.3 uses), and AES-128-CBC-HMAC-SHA256 seal (TLS 1.2).
// Each call works in place on one buffer; open re-copies the sealed record first (a memcpy, small
// beside the cipher) because a successful open decrypts it.
(function () {
  function filled(n, v) {
    var b = new Uint8Array(n);
    for (var i = 0; i < n; i++) b[i] = (v + i * 7) & 255;
    return b;
  }
  var nonce = filled(12, 3), aad = filled(13, 9);
  var keys = {
    'aes128gcm': microtls.aesGcmKey(filled(16, 1)),
    'chacha20poly1305': microtls.chacha20Poly1305Key(filled(32, 2))
  };
  // Espruino: AES-GCM over its native AES (the provider's aesBlock seam), GHASH still ours.
  try {
    var mod = typeof require === 'function' ? require('crypto') : null;
    if (mod && mod.AES) {
      keys['aes128gcm-nativeaes'] = microtls.withOverrides(microtls.defaultProvider,
        microtls.espruinoCryptoMembers(mod)).aesGcm(filled(16, 1));
    }
  } catch (e) { /* no require("crypto") here: pure-TS only */ }
  var sizes = [16384, 1024];
  for (var name in keys) {
    for (var s = 0; s < sizes.length; s++) {
      (function (k, n, label) {
        var buf = filled(n + 16, 5);
        bench(label + '-seal', function () { k.seal(nonce, aad, 0, 13, buf, 0, n); }, { bytes: n });
        k.seal(nonce, aad, 0, 13, buf, 0, n);
        var sealed = new Uint8Array(buf);
        bench(label + '-open', function () {
          buf.set(sealed);
          if (!k.open(nonce, aad, 0, 13, buf, 0, n)) throw new Error(label + ' open refused its own record');
        }, { bytes: n });
      })(keys[name], sizes[s], name + '-' + (sizes[s] >> 10) + 'k');
    }
  }
  var cbc = microtls.aesCbcHmacKey(filled(16, 4), filled(32, 6), microtls.SHA256);
  var seq = filled(8, 0), header = filled(5, 23), iv = filled(16, 8);
  for (var t = 0; t < sizes.length; t++) {
    (function (n) {
      var rec = new Uint8Array(cbc.sealedLength(n));
      bench('aes128cbc-hmacsha256-' + (n >> 10) + 'k-seal', function () { cbc.seal(seq, header, iv, rec, 0, n); }, { bytes: n });
    })(sizes[t]);
  }
})();
