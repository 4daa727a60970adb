// A counter that ticks every 100 ms while something runs, for the spinner and the elapsed time.
import { useEffect, useState } from 'react';

export function useSpinner(running: boolean): number {
  const [tick, setTick] = useState(0);
  useEffect(() => {
    if (!running) return undefined;
    const timer = setInterval(() => setTick((t) => t + 1), 100);
    return () => clearInterval(timer);
  }, [running]);
  return tick;
}
