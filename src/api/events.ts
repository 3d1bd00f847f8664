// A minimal event emitter for the socket-like objects of the API (no Node EventEmitter on
// devices). Listeners run in the order they were added; a listener added while an event is being
// emitted waits for the next one.
export interface Emitter {
  /** Adds a listener; returns `this`: a socket or server whose `on` it is (Node's chaining). */
  on(event: string, cb: (arg?: any) => void): any;
  emit(event: string, arg?: any): void;
}

export function createEmitter(): Emitter {
  // keys prefixed: an event named like an Object.prototype member finds no listeners there
  const listeners: { [event: string]: ((arg?: any) => void)[] } = {};
  return {
    on: function (this: unknown, event: string, cb: (arg?: any) => void): unknown {
      listeners['$' + event] = (listeners['$' + event] || []).concat([cb]);
      return this;
    },
    emit: function (event: string, arg?: any): void {
      // the array as it is now: a listener added meanwhile makes a new one (on)
      const l = listeners['$' + event] || [];
      for (let i = 0; i < l.length; i++) l[i](arg);
    },
  };
}
