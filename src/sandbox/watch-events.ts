// Changes made to the sandbox's store while it runs (by a scenario that plays a controller or a
// kubelet), handed to the open watches. kube-apiserver's cacher learns of changes from an etcd watch
// and fans them out to its watchers; the sandbox has no watch on its store, so whoever writes
// publishes the change here, with the revision the store gave it.

export interface StoreChange {
  type: 'ADDED' | 'MODIFIED' | 'DELETED';
  key: string;
  /** The stored JSON (for DELETED: the object as it was last stored). */
  value: string;
  /** The store's revision of this write (the object's resourceVersion; for DELETED the deletion's). */
  revision: number;
}

export class WatchHub {
  private readonly listeners = new Set<(c: StoreChange) => void>();

  publish(c: StoreChange): void {
    for (const l of this.listeners) l(c);
  }

  /** Listens for changes under `prefix`; returns the function that stops listening. */
  subscribe(prefix: string, listener: (c: StoreChange) => void): () => void {
    const l = (c: StoreChange): void => {
      if (c.key.startsWith(prefix)) listener(c);
    };
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  }
}

/** What a scenario that changes things is given: writes that reach the store and the open watches. */
export interface ScenarioWriter {
  /** Creates or replaces an object (ADDED or MODIFIED). */
  write(obj: Record<string, unknown>): Promise<void>;
  /** Deletes an object (DELETED). */
  remove(obj: Record<string, unknown>): Promise<void>;
  now(): Date;
}

/** A scenario that acts while someone watches: told each time a watch opens on a resource prefix. */
export interface ScenarioScript {
  onWatch(prefix: string, writer: ScenarioWriter): void;
}
