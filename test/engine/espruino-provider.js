// Run inside Espruino: its require("crypto") hashes, through the provider adapter, against the
// pure-TS ones, on inputs of many lengths, with copies taken midway.
(function () {
  var native = microtls.withOverrides(microtls.defaultProvider, microtls.espruinoCryptoMembers(require('crypto')));
  var names = ['sha1', 'sha256', 'sha384', 'sha512'], passed = 0, failed = 0, n, i, k;
  for (k = 0; k < names.length; k++) {
    var a = native[names[k]], b = microtls.defaultProvider[names[k]];
    if (a === b) { print('# ' + names[k] + ': this firmware has no native version'); continue; }
    for (n = 0; n < 300; n += 37) {
      var data = new Uint8Array(n);
      for (i = 0; i < n; i++) data[i] = (i * 29 + n) & 255;
      var ha = a.create().update(data.subarray(0, n >> 1)), hb = b.create().update(data.subarray(0, n >> 1));
      var ca = ha.copy(), cb = hb.copy();
      ha.update(data.subarray(n >> 1)); hb.update(data.subarray(n >> 1));
      var same = microtls.toHex(ha.digest()) === microtls.toHex(hb.digest()) &&
        microtls.toHex(ca.digest()) === microtls.toHex(cb.digest());
      if (same) passed++; else { failed++; print('not ok - ' + names[k] + ' length ' + n); }
    }
  }
  print(passed + ' passed, ' + failed + ' failed');
})();
