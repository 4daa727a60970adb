// What a scenario that changes things while someone watches is given (watch-demo plays a controller
// and a kubelet). Its writes reach the store and are published on the sandbox's one WatchHub
// (writes/watch-hub.ts), as every other write is, so the open watches receive them.

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
