// Keyboard input, only when the terminal can give it: useInput would throw "Raw mode is not
// supported" on a stdin that is not a TTY.
import { useRef } from 'react';
import { useInput, useStdin, type Key } from 'ink';
import type { KeyAction } from '../keys.js';
import { keyToAction } from '../keys.js';

/** `stageCount`: the plan's stages, for the number keys. */
export function useKeys(stageCount: number, onAction: (action: KeyAction) => void): { interactive: boolean } {
  const { isRawModeSupported } = useStdin();
  const interactive = Boolean(isRawModeSupported);
  // useInput subscribes a new handler only once a render is committed; a key arriving in between
  // would reach the previous render's handler. One stable handler calling the latest avoids that.
  const latest = useRef({ onAction, stageCount });
  latest.current = { onAction, stageCount };
  const handler = useRef((input: string, key: Key): void => {
    // A held key (j j j …) can arrive as one chunk "jjj": treat it as that many presses.
    const chars = [...input];
    const presses = chars.length > 1 && !key.ctrl && !key.meta && chars.every((c) => c === chars[0]) ? chars : [input];
    for (const one of presses) {
      const action = keyToAction(one, key, latest.current.stageCount);
      if (action.type !== 'none') latest.current.onAction(action);
    }
  });
  useInput(handler.current, { isActive: interactive });
  return { interactive };
}
