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
  function list(event: string): ((arg?: any) => void)[] {
    return Object.prototype.hasOwnProperty.call(listeners, event) ? listeners[event] : [];
  }
  const self: Emitter = {
    on: function (event: string, cb: (arg?: any) => void): Emitter {
      listeners[event] = list(event).concat([cb]);
      return self;
    },
    emit: function (event: string, arg?: any): boolean {
      // the array as it is now: a listener added meanwhile makes a new one (on)
      const l = list(event);
      for (let i = 0; i < l.length; i++) l[i](arg);
      return l.length > 0;
    },
    count: function (event: string): number {
      return list(event).length;
    },
  };
  return self;
}
