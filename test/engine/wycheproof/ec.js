// files: ecdh_secp256r1_ecpoint_test.json ecdh_secp384r1_ecpoint_test.json ecdsa_secp256r1_sha256_test.json ecdsa_secp256r1_sha256_p1363_test.json ecdsa_secp384r1_sha384_test.json ed25519_test.json
// ECDH over P-256/P-384 (public keys as bare points), ECDSA P-256/P-384 (DER and raw r || s) and
// Ed25519. Messages are hashed with the bundle's own SHA-256 / SHA-384.
(function () {
  var COMPRESSED = 'TLS 1.3 uses uncompressed points only (RFC 8446 section 4.2.8.2)';

  /** The private scalar as exactly `len` bytes (Wycheproof writes it as a minimal ASN.1 integer). */
  function scalar(h, hex, len) {
    var b = h.bytes(hex), i = 0;
    while (i < b.length && b[i] === 0) i++;
    if (b.length - i > len) return b.subarray(i);
    var out = new Uint8Array(len);
    out.set(b.subarray(i), len - (b.length - i));
    return out;
  }

  function ecdh(len, fn) {
    return function (group, t, h) {
      var pub = h.bytes(t.public);
      if (pub.length === len + 1 && (pub[0] === 2 || pub[0] === 3)) return { skip: COMPRESSED };
      return h.same(fn(scalar(h, t.private, len), pub), t.shared);
    };
  }
  wycheproof.register('ecdh_secp256r1_ecpoint_test.json', ecdh(32, microtls.p256Ecdh));
  wycheproof.register('ecdh_secp384r1_ecpoint_test.json', ecdh(48, microtls.p384Ecdh));

  function sha256(m) { return microtls.sha256(m); }
  function sha384(m) { return microtls.SHA384.create().update(m).digest(); }

  function ecdsa(curve, hash, format) {
    return function (group, t, h) {
      if (hash === sha384 && !microtls.SHA384) return { skip: 'SHA-384 not in this bundle yet' };
      var pub = h.bytes(group.publicKey.uncompressed);
      return microtls.ecdsaVerify(curve, pub, hash(h.bytes(t.msg)), h.bytes(t.sig), format);
    };
  }
  wycheproof.register('ecdsa_secp256r1_sha256_test.json', ecdsa('p256', sha256, 'der'));
  wycheproof.register('ecdsa_secp256r1_sha256_p1363_test.json', ecdsa('p256', sha256, 'raw'));
  wycheproof.register('ecdsa_secp384r1_sha384_test.json', ecdsa('p384', sha384, 'der'));

  wycheproof.register('ed25519_test.json', function (group, t, h) {
    return microtls.ed25519Verify(h.bytes(group.publicKey.pk), h.bytes(t.msg), h.bytes(t.sig));
  });
})();
