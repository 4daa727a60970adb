// Keyboard input, only when the terminal can give it: useInput would throw "Raw mode is not
// supported" on a stdin that is not a TTY.
import { useInput, useStdin } from 'ink';
import type { Action } from '../keys.js';
import { keyToAction } from '../keys.js';

export function useKeys(onAction: (action: Action) => void): { interactive: boolean } {
  const { isRawModeSupported } = useStdin();
  const interactive = Boolean(isRawModeSupported);
  useInput(
    (input, key) => {
      const action = keyToAction(input, key);
      if (action.type !== 'none') onAction(action);
    },
    { isActive: interactive },
  );
  return { interactive };
}
