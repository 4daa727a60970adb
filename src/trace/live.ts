// A running stage's snapshots: the engine publishes the watch stage each time an event arrives, and a
// presenter (the TUI's watch view, --plain's event lines) listens. Free of I/O and of the engine, so
// the CLI can create it before the engine loads.
import type { AnyStageResult, LiveStageFeed } from './types.js';

export function createLiveFeed(): LiveStageFeed {
  const listeners = new Set<(r: AnyStageResult) => void>();
  let last: AnyStageResult | null = null;
  return {
    publish(r) {
      last = r;
      for (const l of listeners) l(r);
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    latest: () => last,
  };
}
