// Keyboard input, only when the terminal can give it: useInput would throw "Raw mode is not
// supported" on a stdin that is not a TTY.
import { useRef } from 'react';
import { useInput, useStdin, type Key } from 'ink';
import type { KeyAction } from '../keys.js';
import { keyToAction } from '../keys.js';

/** `stageCount`: the plan's stages, for the number keys. */
export function useKeys(stageCount: number, onAction: (action: KeyAction) => void): { interactive: boolean } {
  // Ink's isRawModeSupported is stdin.isTTY, which a pipe leaves undefined (typed boolean all the
  // same), and useInput treats only `false` as inactive: ask the stream itself.
  const { stdin } = useStdin();
  const interactive = (stdin as { isTTY?: boolean }).isTTY === true;
  // useInput subscribes a new handler only once a render is committed; a key arriving in between
  // would reach the previous render's handler. One stable handler calling the latest avoids that.
  const latest = useRef({ onAction, stageCount });
  latest.current = { onAction, stageCount };
  const handler = useRef((input: string, key: Key): void => {
    // Keys can arrive as one chunk: a held key ("jjj"), or keys typed faster than the terminal or a
    // loaded machine delivers them ("dGdc"); Ink hands such a chunk over as one "paste". When every
    // character is a key, it is that many presses; anything else (pasted text) is not for us.
    const { stageCount } = latest.current;
    // Keys are single characters; code points are what a keyboard sends one at a time.
    // eslint-disable-next-line @typescript-eslint/no-misused-spread
    const chars = [...input];
    const presses = chars.length > 1 && !key.ctrl && !key.meta ? chars.map((c) => keyToAction(c, key, stageCount)) : [keyToAction(input, key, stageCount)];
    if (presses.some((a) => a.type === 'none')) return;
    for (const action of presses) latest.current.onAction(action);
  });
  useInput(handler.current, { isActive: interactive });
  return { interactive };
}
