// The engine microtls connections use unless options.createEngine names another.
import type { EngineConfig, Engine } from '../tls/types';
import { createEngine } from '../tls/engine';

export function defaultEngineFactory(): (config: EngineConfig) => Engine {
  return createEngine;
}
