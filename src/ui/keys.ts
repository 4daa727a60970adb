// Key bindings, as one pure mapping from what Ink reports to what the learner meant. The number keys
// follow the plan: 1…N for its N stages (a plan has at most nine, one key each).
//
// The scheme: ← → move between stages (so sideways scrolling has keys of its own, [ and ], or
// Shift+← Shift+→); j k ↑ ↓ PgUp PgDn g G scroll a panel; the lesson has l (its next page), L (all of
// it) and f (the lesson alone); p is presenter mode.
import type { Key } from 'ink';
import type { TracePlan } from '../trace/types.js';

export type KeyAction =
  | { type: 'next' }
  | { type: 'back' }
  | { type: 'jump'; index: number }
  | { type: 'details' }
  | { type: 'curl' }
  | { type: 'export' }
  | { type: 'help' }
  | { type: 'lessonNext' }
  | { type: 'lessonFull' }
  | { type: 'presenter' }
  | { type: 'focus' }
  | { type: 'scroll'; by: number }
  | { type: 'page'; direction: 1 | -1 }
  | { type: 'sideways'; by: 1 | -1 }
  | { type: 'top' }
  | { type: 'bottom' }
  | { type: 'escape' }
  | { type: 'quit' }
  /** Q: quit without the "stages not seen yet" question. */
  | { type: 'quitNow' }
  /** x, in answer to the quit question: leave without printing kubectl's output. */
  | { type: 'discard' }
  | { type: 'interrupt' }
  | { type: 'none' };

/** `stageCount`: how many stages the plan has; a number key beyond it means nothing. */
export function keyToAction(input: string, key: Key, stageCount: number): KeyAction {
  if (key.ctrl && input === 'c') return { type: 'interrupt' };
  if (key.escape) return { type: 'escape' };
  if (key.shift && key.rightArrow) return { type: 'sideways', by: 1 };
  if (key.shift && key.leftArrow) return { type: 'sideways', by: -1 };
  if (key.rightArrow || key.return || input === ' ' || input === 'n') return { type: 'next' };
  if (key.leftArrow || input === 'b') return { type: 'back' };
  if (key.downArrow || input === 'j') return { type: 'scroll', by: 1 };
  if (key.upArrow || input === 'k') return { type: 'scroll', by: -1 };
  if (key.pageDown) return { type: 'page', direction: 1 };
  if (key.pageUp) return { type: 'page', direction: -1 };
  if (key.home || input === 'g') return { type: 'top' };
  if (key.end || input === 'G') return { type: 'bottom' };
  if (/^[1-9]$/.test(input) && Number(input) <= stageCount) return { type: 'jump', index: Number(input) - 1 };
  switch (input) {
    case 'q':
      return { type: 'quit' };
    case 'Q':
      return { type: 'quitNow' };
    case 'x':
      return { type: 'discard' };
    case 'd':
      return { type: 'details' };
    case 'c':
      return { type: 'curl' };
    case 'e':
      return { type: 'export' };
    case '?':
      return { type: 'help' };
    case 'l':
      return { type: 'lessonNext' };
    case 'L':
      return { type: 'lessonFull' };
    case 'p':
      return { type: 'presenter' };
    case 'f':
      return { type: 'focus' };
    case '[':
      return { type: 'sideways', by: -1 };
    case ']':
      return { type: 'sideways', by: 1 };
    default:
      return { type: 'none' };
  }
}

/** The number keys as the footer and help name them: "1-7" for a seven-stage plan. */
export function jumpKeys(stageCount: number, separator = '-'): string {
  return stageCount <= 1 ? '1' : `1${separator}${stageCount}`;
}

/** For the help overlay: every binding, grouped as the learner thinks of them. */
export function keyHelp(plan: TracePlan): { keys: string; what: string }[] {
  // The stage whose "next" sends kubectl's main request: the one before the stage that sends it.
  const sender = plan.stages.findIndex((s) => s.sendsMainRequest);
  const before = sender > 0 ? plan.stages[sender - 1] : undefined;
  return [
    { keys: '→  Enter  Space  n', what: before !== undefined ? `next stage (leaving "${before.name}" sends the request)` : 'next stage' },
    { keys: '←  b', what: 'previous stage' },
    { keys: jumpKeys(plan.stages.length, ' … '), what: 'jump to a stage (earlier stages run first)' },
    { keys: 'j k  ↓ ↑  PgDn PgUp', what: 'scroll the panel' },
    { keys: 'g G  Home End', what: 'top / bottom of the panel' },
    { keys: '[ ]  Shift+← Shift+→', what: 'scroll sideways: tables, headers and the curl line wider than the screen (the last row says which columns show)' },
    { keys: 'l', what: 'the lesson\'s next page ("page 2 of 5" is the lesson\'s, the stage is "2/7")' },
    { keys: 'L', what: 'the whole lesson, scrollable' },
    { keys: 'f', what: 'focus: the lesson alone (f again: the live panel back); kept from stage to stage' },
    { keys: 'p', what: 'presenter mode: the live panel takes the screen, the lesson one line; kept from stage to stage' },
    { keys: 'd', what: 'details: the raw data of this stage (all headers, full JSON)' },
    { keys: 'c', what: 'the request as a copy-ready curl command' },
    { keys: 'e', what: 'in the curl overlay, sandbox only: write the CA, client certificate and key it needs' },
    { keys: '?', what: 'this help' },
    { keys: 'Esc', what: 'close an overlay or the details (it never quits)' },
    { keys: 'q', what: 'quit: kubectl\'s output stays on the screen (asked once while stages are unseen: q again, x to print nothing)' },
    { keys: 'Q', what: 'quit without that question' },
    { keys: 'Ctrl-C', what: 'stop at once (exit 130)' },
  ];
}
