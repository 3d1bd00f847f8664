// Benchmarks of the TLS 1.2 engine in memory, client and server in one engine, next to tls.js's
// TLS 1.3 figures: full handshakes with ECDHE (X25519 + the same Ed25519 certificate as tls.js,
// and X25519 + RSA-2048) and with the RSA key exchange (RSA-2048), and a resumption by ticket.
// The RSA certificate and key are test/fixtures/tls/rsa2048.*.
(function () {
  var M = microtls;
  var ED_CERT = '308201593082010ba003020102021469bb37852be74898a4d6a589670a4233e0f5ce0b300506032b657030143112301006035504030c096c6f63616c686f7374301e170d3236313132323132353535375a170d3336313131393132353535375a30143112301006035504030c096c6f63616c686f7374302a300506032b6570032100cad5144a8327b7ef00214f786c1cb378b0fc5cd2606adf82ba0dae06eb7f5eb6a36f306d301d0603551d0e04160414807db9b9633fac488e78884b6314011cb0b44fbf301f0603551d23041830168014807db9b9633fac488e78884b6314011cb0b44fbf300f0603551d130101ff040530030101ff301a0603551d110413301182096c6f63616c686f737487047f000001300506032b65700341001b9183ebf1d35611836294dcc550043978d78d0392862cad15eadf751c39fe3ee0865e6bd67d90af299447a9d6c8d78ead029b45775bc3b05f75e71f3bcf4a0c';
  var ED_KEY = '302e020100300506032b65700422042037b907366397bb1af4720114ad89fffb857d6cd5f5855caf23777bb477b283a6';
  var RSA_CERT = '308203253082020da00302010202141dca831e88da14949fc0490831b4b5913a810e0f300d06092a864886f70d01010b050030143112301006035504030c096c6f63616c686f7374301e170d3236313132323132353535375a170d3336313131393132353535375a30143112301006035504030c096c6f63616c686f737430820122300d06092a864886f70d01010105000382010f003082010a0282010100aa5aa0f2082cf108cd1d72d85c5b7765492f060b9627460f57c1ec00e3cd702267dcbddda62f7c24fae504d922e6e4dd15977013dc6ea164eed0e6ea0da21a6bef4fb8cfcecfbcc81ad25f84a01258b6530becf20505aa34522b103bf4d0b74539dab4ba988735ba735960699e3f161727ce93b15265b52c8d5b485ec9ddf81fcd1a3655713389005117063e7c0031abd410fd3b423f25b40c9048177025db20b3bca04277a89b29a2307f9ffdf09fabbe30cd52cdd662f453a6dd16ec3fd42ff05ec514d110b096f36dc5ab119844e2ae08ac84fba44efc999be8ce54c2dae3c69da184153539c958fc6bb8377ea58ba14379209efdeaee3c2c31426ce28a290203010001a36f306d301d0603551d0e041604142d4d8903fe447a58753670f7da111eabfe4d0853301f0603551d230418301680142d4d8903fe447a58753670f7da111eabfe4d0853300f0603551d130101ff040530030101ff301a0603551d110413301182096c6f63616c686f737487047f000001300d06092a864886f70d01010b050003820101004eb0c08e0f75ff748eb6f11f38a8fed0c749cfc6db711e374f9916d3395bc774f72b7ab416ad5077ee5b46a15f04bd89eb786e9ccf4aa825f4294472ebb247d2183613074edbc44b85e358e870eeaea44e5ddf7548a14fe551754e0ce1e3c4e279f0fc59a7c61c9db89d711d147bff1854a204c518c4dbbf32aa56b40ff7b7e664d762ab86a323c03a1e052efca914f86e3c8ab44bde15f383ed11c088983584f08d1fd4e9b4011dffe857e1ed14ee8aed952a728b2c6af785f153bf5ce2e571b4f1f21ed3824690eb3913a3726651d892e3ebe9dfc369fe97b323dace223dbabc18b46f793a0684ab8bbe4e808dea77a0bc3eb1ead8bc90b59423011f1c4ff5';
  var RSA_KEY = '308204be020100300d06092a864886f70d0101010500048204a8308204a40201000282010100aa5aa0f2082cf108cd1d72d85c5b7765492f060b9627460f57c1ec00e3cd702267dcbddda62f7c24fae504d922e6e4dd15977013dc6ea164eed0e6ea0da21a6bef4fb8cfcecfbcc81ad25f84a01258b6530becf20505aa34522b103bf4d0b74539dab4ba988735ba735960699e3f161727ce93b15265b52c8d5b485ec9ddf81fcd1a3655713389005117063e7c0031abd410fd3b423f25b40c9048177025db20b3bca04277a89b29a2307f9ffdf09fabbe30cd52cdd662f453a6dd16ec3fd42ff05ec514d110b096f36dc5ab119844e2ae08ac84fba44efc999be8ce54c2dae3c69da184153539c958fc6bb8377ea58ba14379209efdeaee3c2c31426ce28a29020301000102820100183018bcc4df120a4735708d0ff0076fe0dd9b0f776e742026e7134a1263a511a835a0da76878a2a50b01be9736f32a7c187bdbe2984fbc8325b2f03a493e909d24790dcd0bc90f81df6d38bd293f2f75056027ab5592c903e9526ba4749d5fbda4f176ce1ce064447048b0ff40c23bd7df01d95b136b26c1fab5fb1e06fc7e9b5fb96fd51bb03dcce6854febfa1fea839de994f1b42df28af1ebb908301b839a588fa4b270b06609376f7e8e3504e040df9863a2cc0d76f2bfd08c5119b4f389dff8fcad97a5c467aa0f9182e56164ccede015333323f7a30e985f10106ef363da3f975c5a15cced3457b801bb46de34e38e354eead82608e1a6a1e4177c81102818100db8b8c73a7d732a2066a7c1c1e1da9f0b9beb0116f12b160c016eb03ce1617f29066e20bd4d2798e7b4d88f545ced7d863aac58f5d208c1291453a28167e22ed5672ecb57a76daee2854d5b50c03b891d247d8bd6686458c8ff6ef3aed8e2a028a0d290b9bf2dd5788463604267547acf55e16e5f49b8060ed7f51a4ec13a6cb02818100c6a40f0fa7c052ecd8c88b428e48b2cea3b9d6d1971bbc036166082e0bdce8069ece51da4f0861eb6f03cf881d02872ed663dfd359f54b0d3e2396547cc1c799e802de5bc82b8efcdc5a4fb460abdc2a462982ca5b1eeac2860a06f7e6eeb234681e1f5c24d79fd2c32192d49ff8314f2243068317c6581e263510d2c6aac05b028181008fce68c1993f2cbb54d88b531fa6ee99f01127e3438e4b01c4d13e3fcfce490169f4fa3c25bb78440c204d85dba4115e7c6a6fdde872594e1039f84e29ed959340fd266ff937c1501ebaf301144d9ba868c5070389148a99f7f317e0d19a3d8a4c43328f98270d3538de44a3934d5f15bbe355bc6aed30ba4cd708f3ae6f70e10281801e9205175db3c58f59d593490ce8b74c01fa89cafbbc72f4fa3a5fabe67b7ae1f9f2baba244b9ff641c18e60de461353ebfeb6e5aa048c265f97ce7cf62e446fb53b2bc96846fbdc82750bab30ed8216a771a005507cb398785476ba143a4c06b0b76210264360ff68b4740a710c1b5a9865444d4c8d63e64feefec5d17959dd02818100d7d1bc703d6272655062846af2f0eaadb85b91d37168a66cd25e55f960200a391db3b98c9a4a124df973e8d36b7a734acffec0f4db11bb820183c2d42b2aae7cc66c5263bdd4e678022bd22273dc80eded90a42927eda7894ab3d7465b281a13bbbe91ffcfa2823a309d2f6dcbd15ca5bb222e1fae10edee8753f41bfbc9af4b';
  var seed = 11;
  var random = { fill: function (out) {
    for (var j = 0; j < out.length; j++) { seed = (seed * 1103515245 + 12345) % 2147483648; out[j] = Math.floor(seed / 65536) & 255; }
  } };
  var clock = { now: function () { return 1700000000; } };
  var ed = { chain: [M.fromHex(ED_CERT)], key: M.parsePrivateKey(M.fromHex(ED_KEY)) };
  var rsa = { chain: [M.fromHex(RSA_CERT)], key: M.parsePrivateKey(M.fromHex(RSA_KEY)) };
  var wire = new Uint8Array(40000);
  function move(a, b) {
    var moved = false;
    while (a.pending() > 0) {
      var n = a.pull(wire, 0, wire.length), off = 0;
      while (off < n) off += b.feed(wire, off, n - off);
      moved = true;
    }
    return moved;
  }
  function handshake(ccfg, scfg) {
    var c = M.createEngine(ccfg), s = M.createEngine(scfg);
    for (var r = 0; r < 6; r++) { move(c, s); move(s, c); }
    if (c.state !== 'open' || s.state !== 'open') throw new Error('handshake failed: ' + (c.error || s.error).message);
    return [c, s];
  }
  function client(suite, session) {
    return { role: 'client', random: random, clock: clock, insecure: true, serverName: 'localhost', versions: ['TLSv1.2'],
      suites: [suite], groups: ['x25519'], session: session || null };
  }
  function server(id, store) {
    return { role: 'server', random: random, clock: clock, certChain: id.chain, privateKey: id.key, ticketStore: store || null };
  }
  bench('TLS 1.2 full handshake ECDHE x25519 + ed25519', function () {
    handshake(client('TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256'), server(ed));
  }, { minMs: 1000 });
  bench('TLS 1.2 full handshake ECDHE x25519 + RSA-2048', function () {
    handshake(client('TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256'), server(rsa));
  }, { minMs: 1000 });
  bench('TLS 1.2 full handshake RSA key exchange RSA-2048', function () {
    handshake(client('TLS_RSA_WITH_AES_128_GCM_SHA256'), server(rsa));
  }, { minMs: 1000 });
  var store = M.createTicketStore(random);
  var first = handshake(client('TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256'), server(ed, store));
  var session = first[0].session();
  bench('TLS 1.2 resumed handshake (ticket)', function () {
    var p = handshake(client('TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256', session), server(ed, store));
    if (!p[0].info().resumed) throw new Error('not resumed');
  }, { minMs: 1000 });
})();
