// Run inside Espruino: its require("crypto") hashes and AES, through the provider adapter, against
// the pure-TS ones: hashes on inputs of many lengths with copies taken midway; AES blocks; and
// AES-GCM over the native AES (the aesBlock seam) sealing and opening like the pure-TS GCM, a
// refused record left as it was.
(function () {
  var mod = require('crypto');
  var native = microtls.withOverrides(microtls.defaultProvider, microtls.espruinoCryptoMembers(mod));
  var pure = microtls.defaultProvider;
  var names = ['sha1', 'sha256', 'sha384', 'sha512'], passed = 0, failed = 0, n, i, k;
  function check(ok, what) {
    if (ok) passed++; else { failed++; print('not ok - ' + what); }
  }
  function filled(len, seed) {
    var b = new Uint8Array(len);
    for (var j = 0; j < len; j++) b[j] = (j * 29 + seed * 7 + (j >> 3)) & 255;
    return b;
  }
  for (k = 0; k < names.length; k++) {
    var a = native[names[k]], b = pure[names[k]];
    if (a === b) { print('# ' + names[k] + ': this firmware has no native version'); continue; }
    for (n = 0; n < 300; n += 37) {
      var data = new Uint8Array(n);
      for (i = 0; i < n; i++) data[i] = (i * 29 + n) & 255;
      var ha = a.create().update(data.subarray(0, n >> 1)), hb = b.create().update(data.subarray(0, n >> 1));
      var ca = ha.copy(), cb = hb.copy();
      ha.update(data.subarray(n >> 1)); hb.update(data.subarray(n >> 1));
      check(microtls.toHex(ha.digest()) === microtls.toHex(hb.digest()) &&
        microtls.toHex(ca.digest()) === microtls.toHex(cb.digest()), names[k] + ' length ' + n);
    }
  }
  if (!mod.AES) {
    print('# AES: this firmware has no native version');
  } else {
    check(native.aesBlock !== pure.aesBlock && native.aesGcm !== pure.aesGcm, 'native AES swapped in under aesGcm');
    var keyLens = [16, 32];
    for (k = 0; k < keyLens.length; k++) {
      var key = filled(keyLens[k], k + 1);
      var x = filled(96, 3 + k), y = new Uint8Array(112), z = new Uint8Array(96);
      y.set(x, 16);
      native.aesBlock(key).encryptBlocks(x, 0, z, 0, 96);
      pure.aesBlock(key).encryptBlocks(y, 16, y, 16, 96);
      native.aesBlock(key).encryptBlocks(x, 0, x, 0, 96);
      check(microtls.toHex(x) === microtls.toHex(y.subarray(16)) && microtls.toHex(z) === microtls.toHex(x),
        'AES-' + keyLens[k] * 8 + ' blocks');
    }
    var lens = [0, 1, 16, 17, 255, 256, 257, 600];
    for (i = 0; i < lens.length; i++) {
      n = lens[i];
      var gk = filled(i % 2 ? 16 : 32, i), nonce = filled(12, i + 5), aad = filled(13, i + 9);
      var gn = native.aesGcm(gk), gp = pure.aesGcm(gk);
      var bn = filled(n + 16, i + 11), bp = filled(n + 16, i + 11), plain = microtls.toHex(bn.subarray(0, n));
      gn.seal(nonce, aad, 0, 13, bn, 0, n);
      gp.seal(nonce, aad, 0, 13, bp, 0, n);
      check(microtls.toHex(bn) === microtls.toHex(bp), 'AES-GCM seal ' + n);
      check(gn.open(nonce, aad, 0, 13, bp, 0, n) && microtls.toHex(bp.subarray(0, n)) === plain, 'AES-GCM open ' + n);
      bn[(i * 5) % (n + 16)] ^= 4;
      var refused = microtls.toHex(bn);
      check(!gn.open(nonce, aad, 0, 13, bn, 0, n) && microtls.toHex(bn) === refused, 'AES-GCM refused ' + n + ' left as it was');
    }
  }
  print(passed + ' passed, ' + failed + ' failed');
})();
