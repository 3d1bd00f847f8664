// The engine microtls connections use unless options.createEngine names another.
import type { EngineConfig, Engine } from '../tls/types';
import { microtlsError } from '../errors';

export function defaultEngineFactory(): (config: EngineConfig) => Engine {
  return function (config: EngineConfig): Engine {
    throw microtlsError('TlsError', 'unsupported', 'no TLS engine in this build yet (role ' + config.role + ')', -1);
  };
}
