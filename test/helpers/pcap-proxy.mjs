// A TCP proxy on 127.0.0.1 that forwards to a target port and records the stream as a pcap file
// (raw IPv4 link type) with a made-up TCP connection to port 443, so tshark can dissect and,
// given an SSLKEYLOGFILE, decrypt it. Capturing on `lo` needs privileges CI may not have; this
// needs none.
import net from 'node:net';
import { writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';

const CLIENT = { ip: [10, 0, 0, 1], port: 50000 };
const SERVER = { ip: [10, 0, 0, 2], port: 443 };

function packet(from, to, seq, ack, flags, payload) {
  const ip = Buffer.alloc(20);
  const tcp = Buffer.alloc(20);
  ip[0] = 0x45;
  ip.writeUInt16BE(40 + payload.length, 2);
  ip[8] = 64;
  ip[9] = 6;
  Buffer.from(from.ip).copy(ip, 12);
  Buffer.from(to.ip).copy(ip, 16);
  let sum = 0;
  for (let i = 0; i < 20; i += 2) sum += ip.readUInt16BE(i);
  while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
  ip.writeUInt16BE(~sum & 0xffff, 10);
  tcp.writeUInt16BE(from.port, 0);
  tcp.writeUInt16BE(to.port, 2);
  tcp.writeUInt32BE(seq >>> 0, 4);
  tcp.writeUInt32BE(ack >>> 0, 8);
  tcp[12] = 5 << 4;
  tcp[13] = flags;
  tcp.writeUInt16BE(65535, 14);
  return Buffer.concat([ip, tcp, payload]);
}

/** Starts the proxy; resolves { port, close(), save(file) } (save writes what went through). */
export function pcapProxy(t, targetPort) {
  const records = [];
  const state = { c: 1000, s: 5000 };
  const t0 = Date.now();
  const add = (buf) => records.push({ ms: Date.now() - t0, buf });
  add(packet(CLIENT, SERVER, state.c, 0, 0x02, Buffer.alloc(0)));
  add(packet(SERVER, CLIENT, state.s, state.c + 1, 0x12, Buffer.alloc(0)));
  state.c++; state.s++;
  add(packet(CLIENT, SERVER, state.c, state.s, 0x10, Buffer.alloc(0)));
  const data = (fromClient, chunk) => {
    for (let off = 0; off < chunk.length; off += 1400) {
      const part = chunk.subarray(off, off + 1400);
      if (fromClient) { add(packet(CLIENT, SERVER, state.c, state.s, 0x18, part)); state.c += part.length; }
      else { add(packet(SERVER, CLIENT, state.s, state.c, 0x18, part)); state.s += part.length; }
    }
  };
  const sockets = new Set();
  const server = net.createServer((client) => {
    const upstream = net.connect({ host: '127.0.0.1', port: targetPort });
    sockets.add(client); sockets.add(upstream);
    client.on('data', (d) => { data(true, d); upstream.write(d); });
    upstream.on('data', (d) => { data(false, d); client.write(d); });
    client.on('end', () => upstream.end());
    upstream.on('end', () => client.end());
    client.on('error', () => upstream.destroy());
    upstream.on('error', () => client.destroy());
  });
  const close = () => new Promise((r) => { for (const s of sockets) s.destroy(); server.close(() => r()); });
  if (t) t.teardown(close);
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({
    port: server.address().port,
    close,
    save(file) {
      const head = Buffer.alloc(24);
      head.writeUInt32LE(0xa1b2c3d4, 0);
      head.writeUInt16LE(2, 4);
      head.writeUInt16LE(4, 6);
      head.writeUInt32LE(65535, 16);
      head.writeUInt32LE(101, 20); // LINKTYPE_RAW: packets start with the IPv4 header
      const parts = [head];
      for (const r of records) {
        const h = Buffer.alloc(16);
        h.writeUInt32LE(Math.floor(r.ms / 1000), 0);
        h.writeUInt32LE((r.ms % 1000) * 1000, 4);
        h.writeUInt32LE(r.buf.length, 8);
        h.writeUInt32LE(r.buf.length, 12);
        parts.push(h, r.buf);
      }
      writeFileSync(file, Buffer.concat(parts));
    },
  })));
}

/** The decrypted application data of the first TLS stream in `pcap`, as tshark shows it with
 * the key log: { text (both directions joined), stdout, status }. */
export function tsharkDecrypt(pcap, keylog) {
  const r = spawnSync('tshark', ['-n', '-r', pcap, '-o', `tls.keylog_file:${keylog}`, '-q', '-z', 'follow,tls,ascii,0'],
    { encoding: 'utf8', timeout: 60000 });
  // The follow output lists each chunk's size on a line, then its text; keep the text lines.
  const body = (r.stdout.split('===================================================================')[1] || '')
    .split('\n').filter((l) => !/^(Follow|Filter|Node \d|\t?\d+$)/.test(l)).join('\n');
  return { text: body, stdout: r.stdout, stderr: r.stderr, status: r.status };
}

/** Protocol summary lines tshark prints for the capture (to see handshake messages decrypted). */
export function tsharkSummary(pcap, keylog) {
  const r = spawnSync('tshark', ['-n', '-r', pcap, '-o', `tls.keylog_file:${keylog}`, '-Y', 'tls', '-T', 'fields', '-e', 'tls.handshake.type',
    '-e', 'tls.record.content_type', '-e', 'tls.app_data'], { encoding: 'utf8', timeout: 60000 });
  return r.stdout;
}
