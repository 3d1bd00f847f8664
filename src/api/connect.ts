// connect(): a TLS client over the HAL's sockets, shaped like Node's tls.connect.
import { asTlsError } from '../tls/common';
import { tlsShell } from './connection';
import type { TlsSocket } from './connection';
import { engineConfig, apiError, needHal } from './options';
import type { TlsOptions } from './options';
import { defaultEngineFactory } from './factory';

/** Opens a TLS connection to options.host:options.port; `cb` runs on 'secureConnect'. The
 * returned object queues writes until then. Bad options throw at once. */
export function connect(options: TlsOptions, cb?: () => void): TlsSocket {
  const hal = needHal(options);
  if (!options.host || !options.port) throw apiError('bad_option', 'connect needs host and port');
  const config = engineConfig(options, 'client', hal);
  const factory = options.createEngine || defaultEngineFactory();
  // cb runs as the shell's onSecure: first on 'secureConnect', as Node's would
  const sh = tlsShell(cb || null);
  hal.net.connect(options.host, options.port, function (socket): void {
    try {
      // (attach itself fails nothing: its steps catch their own errors)
      sh.attach(factory(config), socket);
    } catch (e) {
      socket.end();
      sh.early(asTlsError(e));
    }
  }, function (error: string): void {
    sh.early(apiError('socket', 'cannot connect to ' + options.host + ':' + options.port + ': ' + error));
  });
  return sh.socket;
}
