// The socket API over the sans-I/O engine and a runtime's HAL.
export { connect } from './connect';
export { createServer } from './server';
export type { TlsServer } from './server';
export type { TlsSocket } from './connection';
export type { TlsOptions } from './options';
export { bindEngine } from './connection';
