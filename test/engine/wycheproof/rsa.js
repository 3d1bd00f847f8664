// files: rsa_signature_2048_sha256_test.json rsa_signature_2048_sha384_test.json rsa_pss_2048_sha256_mgf1_32_test.json rsa_pkcs1_2048_test.json
// RSA (RFC 8017): PKCS #1 v1.5 and PSS signature verification, PKCS #1 v1.5 decryption. Keys are
// made once per group. A key microtls refuses (bad_key) makes the test count as refused.
(function () {
  function hashFor(sha) {
    if (sha === 'SHA-256') return microtls.SHA256;
    if (sha === 'SHA-384') return microtls.SHA384 || null;
    if (sha === 'SHA-512') return microtls.SHA512 || null;
    return null;
  }
  function digest(hash, msg) { return hash.create().update(msg).digest(); }
  function publicKey(group, h) {
    if (!group.key) group.key = microtls.rsaPublicKey(h.bytes(group.publicKey.modulus), h.bytes(group.publicKey.publicExponent));
    return group.key;
  }

  function pkcs1Verify(group, t, h) {
    var hash = hashFor(group.sha);
    if (!hash) return { skip: group.sha + ' not in this bundle yet' };
    return microtls.rsaPkcs1Verify(publicKey(group, h), hash.name, digest(hash, h.bytes(t.msg)), h.bytes(t.sig));
  }
  wycheproof.register('rsa_signature_2048_sha256_test.json', pkcs1Verify);
  wycheproof.register('rsa_signature_2048_sha384_test.json', pkcs1Verify);

  wycheproof.register('rsa_pss_2048_sha256_mgf1_32_test.json', function (group, t, h) {
    var hash = hashFor(group.sha);
    if (!hash) return { skip: group.sha + ' not in this bundle yet' };
    if (group.mgf !== 'MGF1' || group.mgfSha !== group.sha) return { skip: 'MGF1 hash differs from the message hash' };
    return microtls.rsaPssVerify(publicKey(group, h), hash, digest(hash, h.bytes(t.msg)), h.bytes(t.sig), group.sLen);
  });

  wycheproof.register('rsa_pkcs1_2048_test.json', function (group, t, h) {
    if (!group.key) {
      var k = group.privateKey;
      group.key = microtls.rsaPrivateKey({
        n: h.bytes(k.modulus), e: h.bytes(k.publicExponent), d: h.bytes(k.privateExponent),
        p: h.bytes(k.prime1), q: h.bytes(k.prime2), dp: h.bytes(k.exponent1), dq: h.bytes(k.exponent2),
        qinv: h.bytes(k.coefficient)
      });
    }
    return h.same(microtls.rsaPkcs1Decrypt(group.key, h.bytes(t.ct)), t.msg);
  });
})();
