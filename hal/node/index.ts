// The Node runtime's HAL: node:net sockets, the OS random source, the system clock, stderr.
// Node's modules are passed in (the stack never imports a runtime's modules itself); without
// them, Node's own are taken through process.getBuiltinModule (Node 20.16 and later).
import type { Hal } from '../types';
import { nodeNet } from './net';
import type { NodeNetModule, NodeNetOptions } from './net';
import { nodeRandom } from './random';
import type { NodeRandomSource } from './random';
import { nodeClock } from './clock';

interface NodeProcess {
  getBuiltinModule?: (name: string) => any;
  memoryUsage(): { heapUsed: number };
  stderr: { write(s: string): void };
}
declare const process: NodeProcess;

export interface NodeHalModules {
  net?: NodeNetModule;
  crypto?: NodeRandomSource;
}

export interface NodeHalOptions extends NodeNetOptions {
  modules?: NodeHalModules;
}

function builtin(name: string): any {
  if (typeof process === 'undefined' || !process.getBuiltinModule) {
    throw new Error('nodeHal: pass { modules: { net, crypto } } (process.getBuiltinModule needs Node 20.16+)');
  }
  return process.getBuiltinModule(name);
}

export function nodeHal(options?: NodeHalOptions): Hal {
  const modules = options && options.modules ? options.modules : {};
  const net = modules.net ? modules.net : builtin('node:net') as NodeNetModule;
  const crypto = modules.crypto ? modules.crypto : builtin('node:crypto') as NodeRandomSource;
  return {
    name: 'node',
    random: nodeRandom(crypto),
    clock: nodeClock(),
    net: nodeNet(net, options),
    log: function (line: string): void { process.stderr.write(line + '\n'); },
    memory: function (): number { return process.memoryUsage().heapUsed; },
  };
}
