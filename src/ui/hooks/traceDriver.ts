// Drives the engine's generator one stage at a time, only as far as the learner has asked. The engine
// pauses between stages, so "want(3)" after the request stage is what sends the list request.
// Kept outside React so it can be tested alone; useTrace subscribes to it.
import { STAGE_NAMES } from '../../trace/types.js';
import type { AnyStageResult, TraceReport } from '../../trace/types.js';

export interface TraceSnapshot {
  /** By stage index (STAGE_NAMES order); undefined until the stage has run. */
  results: readonly (AnyStageResult | undefined)[];
  report: TraceReport | null;
  /** The stage being computed now (7 = waiting for the final report), and since when (ms epoch). */
  running: { index: number; since: number } | null;
  /** The generator threw: an engine bug, shown as such. */
  crashed: string | null;
  done: boolean;
  /** Index of the first failed stage, if any. */
  failedAt: number | null;
}

export const REPORT_INDEX = STAGE_NAMES.length;

export class TraceDriver {
  private state: TraceSnapshot = {
    results: STAGE_NAMES.map(() => undefined),
    report: null,
    running: null,
    crashed: null,
    done: false,
    failedAt: null,
  };
  private target = -1;
  private pumping = false;
  private listeners = new Set<() => void>();
  /** How many times next() was called: lets tests check that nothing runs ahead of the learner. */
  pulls = 0;

  constructor(
    private readonly trace: AsyncGenerator<AnyStageResult, TraceReport, void>,
    private readonly now: () => number = Date.now,
  ) {}

  getState = (): TraceSnapshot => this.state;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** Make sure stages 0..index have run (index 7 = the whole trace and its report). */
  want(index: number): void {
    this.target = Math.max(this.target, Math.min(index, REPORT_INDEX));
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
        const index = Math.min(this.filled(), REPORT_INDEX);
        if (index >= REPORT_INDEX && this.target < REPORT_INDEX) break;
        this.set({ running: { index, since: this.now() } });
        this.pulls += 1;
        const step = await this.trace.next();
        if (step.done) {
          const results = STAGE_NAMES.map((name, i) => this.state.results[i] ?? step.value.stages.find((s) => s.name === name));
          this.set({ report: step.value, results, done: true, running: null, failedAt: this.firstFailure(results) });
          break;
        }
        const r = step.value;
        const at = STAGE_NAMES.indexOf(r.name);
        const results = [...this.state.results];
        results[at] = r;
        const failedAt = this.firstFailure(results);
        // After a failure the rest is only "skipped": fetch it (and the report) at once.
        if (failedAt !== null) this.target = REPORT_INDEX;
        this.set({ results, running: null, failedAt });
      }
    } catch (err) {
      this.set({ crashed: err instanceof Error ? err.message : String(err), done: true, running: null });
    } finally {
      this.pumping = false;
      this.set({ running: null });
    }
  }

  private firstFailure(results: readonly (AnyStageResult | undefined)[]): number | null {
    const i = results.findIndex((r) => r?.status === 'error');
    return i === -1 ? null : i;
  }
}
