// The signals that end a run (closing the terminal, Ctrl-C, Ctrl-\, kill) and the exit code a shell
// reports for each: 128 + the signal's number. Every one restores the terminal (the TUI's 'exit'
// handler), removes temporary files and stops exec plugins.
export const STOP_SIGNALS = { SIGHUP: 1, SIGINT: 2, SIGQUIT: 3, SIGTERM: 15 } as const;
export type StopSignal = keyof typeof STOP_SIGNALS;

/** 128 + the signal's number: 129, 130, 131, 143. */
export function exitCodeFor(signal: StopSignal): number {
  return 128 + STOP_SIGNALS[signal];
}

/** Listens for every stop signal; returns a function that stops listening. */
export function onStopSignals(handler: (signal: StopSignal) => void): () => void {
  const handlers = (Object.keys(STOP_SIGNALS) as StopSignal[]).map((sig) => {
    const h = (): void => handler(sig);
    // `on`, not `once`: signal-exit (inside Ink) re-raises a signal when it is the only listener left,
    // which would kill the process before the cleanup runs.
    process.on(sig, h);
    return [sig, h] as const;
  });
  return () => {
    for (const [sig, h] of handlers) process.removeListener(sig, h);
  };
}
