// Key bindings, as one pure mapping from what Ink reports to what the learner meant.
import type { Key } from 'ink';

export type Action =
  | { type: 'next' }
  | { type: 'back' }
  | { type: 'jump'; index: number }
  | { type: 'details' }
  | { type: 'curl' }
  | { type: 'help' }
  | { type: 'lessonNext' }
  | { type: 'lessonFull' }
  | { type: 'scroll'; by: number }
  | { type: 'page'; direction: 1 | -1 }
  | { type: 'top' }
  | { type: 'bottom' }
  | { type: 'escape' }
  | { type: 'quit' }
  | { type: 'interrupt' }
  | { type: 'none' };

export function keyToAction(input: string, key: Key): Action {
  if (key.ctrl && input === 'c') return { type: 'interrupt' };
  if (key.escape) return { type: 'escape' };
  if (key.rightArrow || key.return || input === ' ' || input === 'n') return { type: 'next' };
  if (key.leftArrow || input === 'b' || input === 'p') return { type: 'back' };
  if (key.downArrow || input === 'j') return { type: 'scroll', by: 1 };
  if (key.upArrow || input === 'k') return { type: 'scroll', by: -1 };
  if (key.pageDown) return { type: 'page', direction: 1 };
  if (key.pageUp) return { type: 'page', direction: -1 };
  if (key.home || input === 'g') return { type: 'top' };
  if (key.end || input === 'G') return { type: 'bottom' };
  if (/^[1-7]$/.test(input)) return { type: 'jump', index: Number(input) - 1 };
  switch (input) {
    case 'q':
      return { type: 'quit' };
    case 'd':
      return { type: 'details' };
    case 'c':
      return { type: 'curl' };
    case '?':
      return { type: 'help' };
    case 'l':
      return { type: 'lessonNext' };
    case 'L':
      return { type: 'lessonFull' };
    default:
      return { type: 'none' };
  }
}

/** For the help overlay: every binding, grouped as the learner thinks of them. */
export const KEY_HELP: { keys: string; what: string }[] = [
  { keys: '→  Enter  Space  n', what: 'next stage (leaving "request" sends the request)' },
  { keys: '←  b  p', what: 'previous stage' },
  { keys: '1 … 7', what: 'jump to a stage (earlier stages run first)' },
  { keys: 'j k  ↓ ↑  PgDn PgUp', what: 'scroll the panel' },
  { keys: 'g G  Home End', what: 'top / bottom of the panel' },
  { keys: 'l', what: 'next page of the lesson' },
  { keys: 'L', what: 'the whole lesson, scrollable' },
  { keys: 'd', what: 'details: the raw data of this stage (all headers, full JSON)' },
  { keys: 'c', what: 'the request as a copy-ready curl command' },
  { keys: '?', what: 'this help' },
  { keys: 'Esc', what: 'close an overlay; quit when none is open' },
  { keys: 'q  Ctrl-C', what: 'quit' },
];
