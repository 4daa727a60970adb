// React view of the TraceDriver.
import { useSyncExternalStore } from 'react';
import type { TraceDriver, TraceSnapshot } from './traceDriver.js';

export function useTrace(driver: TraceDriver): TraceSnapshot {
  return useSyncExternalStore(driver.subscribe, driver.getState, driver.getState);
}
