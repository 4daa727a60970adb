// The exec plugins running now, each in its own process group, and their cleanup: on exit, on a stop
// signal, and when a plugin is done (whatever it left in its group goes with it). Apart from the
// ExecCredential runner so that the CLI's signal handlers can reach it without loading the runner.

const live = new Set<number>();
const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGQUIT'] as const;
const signalHandlers = new Map<NodeJS.Signals, () => void>();
let exitHookInstalled = false;

function killGroup(pid: number): void {
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    // already gone
  }
}

/** Kills every exec plugin still running (each with its whole process group). Safe to call from exit and signal handlers. */
export function killExecPlugins(): void {
  for (const pid of live) killGroup(pid);
  live.clear();
  releaseSignals();
}

// A plugin runs in its own process group, so the terminal's signals do not reach it: while one runs,
// a signal kills its group; when nobody else listens for the signal, it is raised again for its default effect.
function holdSignals(): void {
  if (!exitHookInstalled) {
    process.once('exit', killExecPlugins);
    exitHookInstalled = true;
  }
  if (signalHandlers.size > 0) return;
  for (const sig of SIGNALS) {
    const handler = (): void => {
      const alone = process.listenerCount(sig) === 1;
      killExecPlugins();
      if (alone) process.kill(process.pid, sig);
    };
    signalHandlers.set(sig, handler);
    process.on(sig, handler);
  }
}

function releaseSignals(): void {
  for (const [sig, handler] of signalHandlers) process.removeListener(sig, handler);
  signalHandlers.clear();
}

/** A plugin was started (detached: `pid` leads its own process group). */
export function pluginStarted(pid: number): void {
  live.add(pid);
  holdSignals();
}

/** A plugin's run is over: its whole group is killed. */
export function pluginEnded(pid: number): void {
  killGroup(pid);
  live.delete(pid);
  if (live.size === 0) releaseSignals();
}
