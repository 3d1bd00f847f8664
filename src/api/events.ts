// A minimal event emitter for the socket-like objects of the API (no Node EventEmitter on
// devices). Listeners run in the order they were added; a listener added while an event is being
// emitted waits for the next one.
export interface Emitter {
  on(event: string, cb: (arg?: any) => void): Emitter;
  emit(event: string, arg?: any): boolean;
  count(event: string): number;
}

export function createEmitter(): Emitter {
  const listeners: { [event: string]: ((arg?: any) => void)[] } = {};
  const self: Emitter = {
    on: function (event: string, cb: (arg?: any) => void): Emitter {
      if (!Object.prototype.hasOwnProperty.call(listeners, event)) listeners[event] = [];
      listeners[event].push(cb);
      return self;
    },
    emit: function (event: string, arg?: any): boolean {
      if (!Object.prototype.hasOwnProperty.call(listeners, event)) return false;
      const list = listeners[event];
      const n = list.length;
      for (let i = 0; i < n; i++) list[i](arg);
      return n > 0;
    },
    count: function (event: string): number {
      return Object.prototype.hasOwnProperty.call(listeners, event) ? listeners[event].length : 0;
    },
  };
  return self;
}
