/** A small typed event emitter: the session's hooks for its status, refreshes and (later) live-session events. */

export type Listener<T> = (payload: T) => void;

export interface Emitter<Events extends object> {
  /** Calls `listener` on every `event` until the returned function is called. */
  on<K extends keyof Events>(event: K, listener: Listener<Events[K]>): () => void;
  emit<K extends keyof Events>(event: K, payload: Events[K]): void;
}

export function createEmitter<Events extends object>(): Emitter<Events> {
  const listeners = new Map<keyof Events, Set<Listener<never>>>();
  return {
    on(event, listener) {
      const set = listeners.get(event) ?? new Set();
      set.add(listener as Listener<never>);
      listeners.set(event, set);
      return () => {
        set.delete(listener as Listener<never>);
      };
    },
    emit(event, payload) {
      // A copy: a listener added while an event is delivered hears the next one, not this one (a Set would visit it).
      for (const listener of [...(listeners.get(event) ?? [])]) (listener as Listener<typeof payload>)(payload);
    },
  };
}
