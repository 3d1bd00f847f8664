// connect() and createServer() for Node users: the API with Node's HAL unless options.hal names
// another.
import { connect as apiConnect, createServer as apiCreateServer } from '../../src/api/index';
import type { TlsOptions, TlsSocket, TlsServer } from '../../src/api/index';
import { nodeHal } from './index';
import type { Hal } from '../types';

let shared: Hal | null = null;

function withHal(options: TlsOptions): TlsOptions {
  if (options && options.hal) return options;
  if (!shared) shared = nodeHal();
  const copy: TlsOptions = {};
  for (const k in options) {
    if (Object.prototype.hasOwnProperty.call(options, k)) (copy as any)[k] = (options as any)[k];
  }
  copy.hal = shared;
  return copy;
}

export function connect(options: TlsOptions, cb?: () => void): TlsSocket {
  return apiConnect(withHal(options), cb);
}

export function createServer(options: TlsOptions, onConnection?: (socket: TlsSocket) => void): TlsServer {
  return apiCreateServer(withHal(options), onConnection);
}
