// Watch events of the sandbox's own writes, fanned out to the open watch streams of the resource
// (kube-apiserver's cacher gets them from its etcd watch and dispatches them to every watcher).

export interface WatchEvent {
  type: 'ADDED' | 'MODIFIED' | 'DELETED';
  key: string;
  /** The object as the event carries it (resourceVersion = the event's revision). */
  object: Record<string, unknown>;
  revision: number;
}

export class WatchHub {
  private readonly subscribers = new Set<{ prefix: string; fn: (e: WatchEvent) => void }>();

  /** Calls `fn` for every event under `prefix`; returns the unsubscribe function. */
  subscribe(prefix: string, fn: (e: WatchEvent) => void): () => void {
    const s = { prefix, fn };
    this.subscribers.add(s);
    return () => this.subscribers.delete(s);
  }

  publish(e: WatchEvent): number {
    let n = 0;
    for (const s of this.subscribers) {
      if (!e.key.startsWith(s.prefix)) continue;
      n++;
      s.fn(e);
    }
    return n;
  }
}
