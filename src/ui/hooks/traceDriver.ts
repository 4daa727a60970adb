// Drives the engine's generator one stage at a time, only as far as the learner has asked. The engine
// pauses between stages, so asking for the stage whose spec says `sendsMainRequest` is what sends
// kubectl's main request. Positions are plan positions; one past the last stage stands for the whole
// trace and its report. Kept outside React so it can be tested alone; useTrace subscribes to it.
import type { AnyStageResult, StageName, TracePlan, TraceReport, TraceRun } from '../../trace/types.js';

export interface TraceSnapshot {
  /** By plan position; undefined until the stage has run. */
  results: readonly (AnyStageResult | undefined)[];
  report: TraceReport | null;
  /** The position being computed now (the report index while waiting for the report), and since when (ms epoch). */
  running: { index: number; since: number } | null;
  /** The generator threw, or broke the plan's order: an engine bug, shown as such. */
  crashed: string | null;
  done: boolean;
  /** Plan position of the first failed stage, if any. */
  failedAt: number | null;
  /** A snapshot of the stage that is running (the watch while its events arrive), until its result comes. */
  live?: AnyStageResult | null;
}

/** The result of the stage with this name, wherever the plan puts it (undefined until it has run). */
export function resultNamed<N extends StageName>(results: readonly (AnyStageResult | undefined)[], name: N): Extract<AnyStageResult, { name: N }> | undefined {
  return results.find((r): r is Extract<AnyStageResult, { name: N }> => r?.name === name);
}

export class TraceDriver {
  readonly plan: TracePlan;
  /** The position that stands for "every stage and the final report": the plan's length. */
  readonly reportIndex: number;
  private readonly trace: AsyncGenerator<AnyStageResult, TraceReport, void>;
  private state: TraceSnapshot;
  private target = -1;
  private pumping = false;
  private listeners = new Set<() => void>();
  /** How many times next() was called: lets tests check that nothing runs ahead of the learner. */
  pulls = 0;

  constructor(
    run: TraceRun,
    private readonly now: () => number = Date.now,
  ) {
    this.plan = run.plan;
    this.trace = run.stages;
    this.reportIndex = run.plan.stages.length;
    this.state = { results: run.plan.stages.map(() => undefined), report: null, running: null, crashed: null, done: false, failedAt: null, live: null };
    run.live?.subscribe((r) => {
      const running = this.state.running;
      if (running !== null && this.plan.stages[running.index]?.name === r.name) this.set({ live: r });
    });
  }

  /** What to show for a position: its result, or the live snapshot of it while it runs. */
  shown(index: number): AnyStageResult | undefined {
    const r = this.state.results[index];
    if (r !== undefined) return r;
    const live = this.state.live ?? null;
    return live !== null && this.plan.stages[index]?.name === live.name ? live : undefined;
  }

  getState = (): TraceSnapshot => this.state;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** Make sure positions 0..index have run (the report index = the whole trace and its report). */
  want(index: number): void {
    this.target = Math.max(this.target, Math.min(index, this.reportIndex));
    void this.pump();
  }

  /** Stop: lets the engine run its cleanup. Does not wait for a request in flight. */
  cancel(): void {
    this.target = -1;
    this.trace.return(undefined as unknown as TraceReport).catch(() => undefined);
  }

  private set(patch: Partial<TraceSnapshot>): void {
    this.state = { ...this.state, ...patch };
    for (const l of this.listeners) l();
  }

  private filled(): number {
    return this.state.results.filter((r) => r !== undefined).length;
  }

  private async pump(): Promise<void> {
    if (this.pumping) return;
    this.pumping = true;
    try {
      while (!this.state.done && this.filled() <= this.target) {
        const index = Math.min(this.filled(), this.reportIndex);
        if (index >= this.reportIndex && this.target < this.reportIndex) break;
        this.set({ running: { index, since: this.now() } });
        this.pulls += 1;
        const step = await this.trace.next();
        if (step.done) {
          const results = this.plan.stages.map((spec, i) => this.state.results[i] ?? step.value.stages.find((s) => s.name === spec.name));
          this.set({ report: step.value, results, done: true, running: null, failedAt: firstFailure(results) });
          break;
        }
        const r = step.value;
        // The contract: results arrive in plan order. Anything else is an engine bug; say which.
        const expected = this.plan.stages[index];
        if (expected === undefined || expected.name !== r.name) {
          throw new Error(`the engine sent the "${r.name}" stage where the plan has ${expected === undefined ? 'no more stages' : `"${expected.name}"`}`);
        }
        const results = [...this.state.results];
        results[index] = r;
        const failedAt = firstFailure(results);
        // After a failure the rest is only "skipped": fetch it (and the report) at once.
        if (failedAt !== null) this.target = this.reportIndex;
        this.set({ results, running: null, failedAt, live: null });
      }
    } catch (err) {
      this.set({ crashed: err instanceof Error ? err.message : String(err), done: true, running: null });
    } finally {
      this.pumping = false;
      this.set({ running: null });
    }
  }
}

function firstFailure(results: readonly (AnyStageResult | undefined)[]): number | null {
  const i = results.findIndex((r) => r?.status === 'error');
  return i === -1 ? null : i;
}
