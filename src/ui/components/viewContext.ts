// What every stage view needs to lay out its live panel: the width, the lesson's look_at fields
// (dotted paths into the stage's data) so rows showing those fields can be highlighted, and what the
// rest of the run says (the other stages' results, whether kubectl's request has gone out). Views
// record the paths they showed in `seen`; the panel lists the others separately so none is lost.
import type { AnyStageResult, StageDataMap, StageName } from '../../trace/types.js';
import { parseInline, type Span } from '../../text/index.js';

/** Where kubectl's main request stands, as the panels beside it must say. */
export type RequestState = 'not-sent' | 'sending' | 'sent' | 'never';

export interface RunContext {
  /** Every stage result of this run so far, by plan position. */
  results: readonly (AnyStageResult | undefined)[];
  request: RequestState;
  /** The sandbox kubeconfig of this run (removed when kube-trace exits); null for a real cluster. */
  sandboxKubeconfig: string | null;
}

export interface ViewContext {
  width: number;
  /** look_at field → the lesson's note, as styled spans (its markup rendered, never raw backticks). */
  lookAt: Map<string, Span[]>;
  seen: Set<string>;
  run: RunContext;
}

export const NO_RUN: RunContext = { results: [], request: 'not-sent', sandboxKubeconfig: null };

/** `lookAt`: the lesson's fields with their notes (a resolved lesson's spans, or markup text). */
export function makeViewContext(width: number, lookAt: readonly { field: string; note: string | Span[] }[] = [], run: Partial<RunContext> = {}): ViewContext {
  return { width, lookAt: new Map(lookAt.map((l) => [l.field, typeof l.note === 'string' ? parseInline(l.note).spans : l.note])), seen: new Set(), run: { ...NO_RUN, ...run } };
}

/** The data of another stage of this run, when it has run. */
export function otherStage<N extends StageName>(ctx: ViewContext, name: N): StageDataMap[N] | null {
  const r = ctx.run.results.find((x) => x?.name === name);
  // The result with this name carries this stage's data (StageResult<N>).
  return (r?.data ?? null) as StageDataMap[N] | null;
}
