// A stand-in for runTrace(): yields the given results one per next(), like the engine, pausing in
// between. `hold(name)` makes that stage wait until `release()`, to see the spinner; `pulls` counts
// next() calls, so a test can check nothing ran ahead of the learner.
import type { AnyStageResult, StageName, TraceReport } from '../../../src/trace/types.js';
import { reportFor } from './traceFixtures.js';

export interface FakeTrace {
  trace: AsyncGenerator<AnyStageResult, TraceReport, void>;
  /** Stage names whose results have been produced (= work the engine did). */
  produced: StageName[];
  hold(name: StageName): void;
  release(): void;
  returned: () => boolean;
}

export function fakeTrace(results: AnyStageResult[]): FakeTrace {
  const produced: StageName[] = [];
  let held: StageName | null = null;
  let releaseHeld: (() => void) | null = null;
  let wasReturned = false;
  async function* gen(): AsyncGenerator<AnyStageResult, TraceReport, void> {
    try {
      for (const r of results) {
        if (held === r.name) await new Promise<void>((resolve) => (releaseHeld = resolve));
        produced.push(r.name);
        yield r;
      }
      return reportFor(results);
    } finally {
      wasReturned = true;
    }
  }
  return {
    trace: gen(),
    produced,
    hold: (name) => {
      held = name;
    },
    release: () => {
      held = null;
      releaseHeld?.();
    },
    returned: () => wasReturned,
  };
}

/** A generator that throws at a stage: an engine bug. */
export async function* crashingTrace(results: AnyStageResult[], message: string): AsyncGenerator<AnyStageResult, TraceReport, void> {
  for (const r of results) yield r;
  throw new Error(message);
}
