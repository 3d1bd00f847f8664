// The TLS 1.3 engine end to end in memory: client and server over every suite and group, with
// application data both ways and close_notify.
import test from 'ava';
import { m, engines, pump, readAll } from './helpers/tls-pair.mjs';

const SUITES = ['TLS_AES_128_GCM_SHA256', 'TLS_AES_256_GCM_SHA384', 'TLS_CHACHA20_POLY1305_SHA256'];
const GROUPS = ['x25519', 'secp256r1'];

for (const suite of SUITES) {
  for (const group of GROUPS) {
    test(`handshake ${suite} ${group}, data both ways, close_notify`, (t) => {
      const steps = [];
      const keylog = [];
      const { client, server } = engines({ suites: [suite], groups: [group], onStep: (s) => steps.push(s), keylog: (l) => keylog.push(l) });
      pump(client, server);
      t.is(client.error, null, String(client.error && client.error.message));
      t.is(server.error, null, String(server.error && server.error.message));
      t.is(client.state, 'open');
      t.is(server.state, 'open');
      const ci = client.info();
      t.is(ci.suite, suite);
      t.is(ci.group, group);
      t.is(ci.version, 'TLSv1.3');
      t.is(server.info().suite, suite);
      const msg = new TextEncoder().encode('hello from the client');
      t.is(client.write(msg, 0, msg.length), msg.length);
      pump(client, server);
      t.deepEqual(Buffer.from(readAll(server)).toString(), 'hello from the client');
      const big = new Uint8Array(40000).map((_, i) => i & 255);
      let off = 0;
      const got = [];
      while (off < big.length) {
        off += server.write(big, off, big.length - off);
        pump(client, server);
        got.push(Buffer.from(readAll(client)));
      }
      t.deepEqual(Buffer.concat(got), Buffer.from(big));
      client.close();
      pump(client, server);
      t.is(server.state, 'closing');
      server.close();
      pump(client, server);
      t.is(server.state, 'closed');
      t.is(client.state, 'closed');
      t.true(keylog.some((l) => l.startsWith('CLIENT_HANDSHAKE_TRAFFIC_SECRET ')));
      t.true(keylog.some((l) => l.startsWith('SERVER_TRAFFIC_SECRET_0 ')));
      t.true(steps.some((s) => s.name === 'server hello' && s.direction === 'received'));
    });
  }
}

for (const cert of ['ed25519', 'p256', 'rsa2048']) {
  test(`server certificate ${cert}`, (t) => {
    const { client, server } = engines({}, {}, cert);
    pump(client, server);
    t.is(client.error, null, String(client.error && client.error.message));
    t.is(client.state, 'open');
    t.is(client.info().peerKey.kind, cert === 'rsa2048' ? 'rsa' : cert);
  });
}
