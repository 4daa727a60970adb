// The reducer's state for the App, and the effects it stands for: run the trace as far as `demand`
// says, write the curl line's credentials when asked, and leave once `exit` is set.
//
// The state lives in a ref and every action is reduced at once, in the key handler: keys can arrive
// faster than React re-renders (a quick double press, a loaded machine), and each must count from
// the view the previous key chose, not from the one the last render saw. The effects run in the same
// step, so a "next" that sends the request sends it before the next key is read.
import { useCallback, useEffect, useRef, useState } from 'react';
import { useApp } from 'ink';
import type { TraceDriver } from './traceDriver.js';
import type { AppAction, AppState, ExitRequest, ExportedCredentials } from '../state/appReducer.js';
import { appReducer, traceFacts } from '../state/appReducer.js';

/** Writes the credentials of this run's sandbox for the curl line (the CLI provides it; the UI does no I/O of its own). */
export type CredentialExporter = () => Promise<ExportedCredentials>;

export function useAppState(
  driver: TraceDriver,
  init: () => AppState,
  onExit: (exit: ExitRequest, state: AppState) => void,
  exportCredentials?: CredentialExporter,
): [AppState, (action: AppAction) => void] {
  const { exit } = useApp();
  const store = useRef<AppState | null>(null);
  if (store.current === null) store.current = init();
  const [state, setState] = useState<AppState>(store.current);
  const latest = useRef({ onExit, exportCredentials });
  latest.current = { onExit, exportCredentials };

  const dispatch = useCallback(
    (action: AppAction): void => {
      const prev = store.current;
      if (prev === null) return;
      const next = appReducer(prev, action);
      if (next === prev) return;
      store.current = next;
      if (next.demand > prev.demand) driver.want(next.demand);
      if (next.credentials.status === 'writing' && prev.credentials.status !== 'writing') {
        const write = latest.current.exportCredentials;
        const done = (result: Extract<AppAction, { type: 'credentials' }>['result']): void => dispatch({ type: 'credentials', result });
        if (write === undefined) done({ ok: false, message: 'there is nothing to write them from here' });
        else write().then((credentials) => done({ ok: true, credentials }), (err: unknown) => done({ ok: false, message: err instanceof Error ? err.message : String(err) }));
      }
      if (next.exit !== null && prev.exit === null) {
        if (!driver.getState().done) driver.cancel();
        latest.current.onExit(next.exit, next);
        exit();
      }
      setState(next);
    },
    [driver, exit],
  );

  // Ask the engine for what the first screen needs (and nothing more), and tell the state machine
  // each time the trace moves on.
  useEffect(() => {
    if (store.current !== null) driver.want(store.current.demand);
    const sync = (): void => dispatch({ type: 'trace', trace: traceFacts(driver.getState()) });
    sync();
    return driver.subscribe(sync);
  }, [driver, dispatch]);

  return [state, dispatch];
}
