// files: x25519_test.json
// X25519 (RFC 7748). Every test is valid or acceptable; the acceptable ones include small-order
// public keys, whose all-zero shared secret microtls refuses (RFC 8446 section 7.4.2).
wycheproof.register('x25519_test.json', function (group, t, h) {
  var shared = microtls.x25519(h.bytes(t.private), h.bytes(t.public));
  return h.same(shared, t.shared);
});
