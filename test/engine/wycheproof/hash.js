// files: hmac_sha256_test.json hmac_sha384_test.json hkdf_sha256_test.json hkdf_sha384_test.json
// HMAC (RFC 2104) and HKDF (RFC 5869) over microtls's SHA-256 and SHA-384.
(function () {
  // A MAC test holds a tag truncated to tagSize bits: the verifier computes the full HMAC and
  // accepts the tag when it equals that many leading bytes. A tag that differs anywhere in those
  // bytes (the ModifiedTag tests) is refused.
  function macTest(hash) {
    return function (group, t, h) {
      var full = microtls.hmac(hash, h.bytes(t.key), h.bytes(t.msg));
      var n = group.tagSize >> 3;
      if (n > full.length) return 'tagSize ' + group.tagSize + ' exceeds the HMAC output';
      return h.hex(full.subarray(0, n)) === t.tag;
    };
  }
  // A test gives IKM, salt, info and size; too large a size (over 255 * HashLen) must be refused.
  function hkdfTest(hash) {
    return function (group, t, h) {
      var prk = microtls.hkdfExtract(hash, h.bytes(t.salt), h.bytes(t.ikm));
      return h.same(microtls.hkdfExpand(hash, prk, h.bytes(t.info), t.size), t.okm);
    };
  }
  wycheproof.register('hmac_sha256_test.json', macTest(microtls.SHA256));
  wycheproof.register('hmac_sha384_test.json', macTest(microtls.SHA384));
  wycheproof.register('hkdf_sha256_test.json', hkdfTest(microtls.SHA256));
  wycheproof.register('hkdf_sha384_test.json', hkdfTest(microtls.SHA384));
})();
