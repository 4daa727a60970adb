// What stands where a result is not there yet: "waiting for the earlier stages", the stage running
// (for the stage that sends kubectl's main request: the request on its way, with its URL from the
// request stage of this run), or the engine's crash.
import type { TracePlan } from '../../trace/types.js';
import type { TraceSnapshot } from '../hooks/traceDriver.js';
import { resultNamed } from '../hooks/traceDriver.js';
import { errorLines } from '../stages/common.js';
import { colors, SPINNER_FRAMES } from '../theme.js';
import { formatMs } from '../../text/index.js';
import type { Line } from './lines.js';
import { line, paragraphLines, seg, textLine, wideLine } from './lines.js';

/** `index`: the plan position on screen (the plan's length while waiting for the final report). */
export function progressLines(plan: TracePlan, snapshot: TraceSnapshot, index: number, width: number, tick: number): Line[] {
  const running = snapshot.running;
  const frame = SPINNER_FRAMES[tick % SPINNER_FRAMES.length] ?? '*';
  const next = snapshot.results.findIndex((r) => r === undefined);
  if (running !== null ? running.index !== index : next !== index) {
    return [textLine(`${frame} Waiting for the earlier stages to finish…`, { color: colors.muted })];
  }
  const elapsed = running !== null ? formatMs(Date.now() - running.since) : '';
  const spec = plan.stages[index];
  const request = resultNamed(snapshot.results, 'request');
  if (spec?.sendsMainRequest === true && request !== undefined && request.data !== null) {
    const r = request.data.request;
    return [
      // One wide row: the URL is never cut (it scrolls sideways when it is longer than the panel).
      wideLine(seg(frame, { color: colors.accent }), seg(' Sending '), seg(r.method, { bold: true }), seg(` ${r.url} … `), seg(elapsed, { color: colors.muted })),
      ...paragraphLines('The request is on its way to the API server: authentication, authorization and storage happen there.', width, { color: colors.muted }, 2),
    ];
  }
  return [line(seg(frame, { color: colors.accent }), seg(` Running: ${spec?.title ?? 'Finishing the trace'} … `), seg(elapsed, { color: colors.muted }))];
}

/** The generator threw: a kube-trace bug, said as such. */
export function crashLines(message: string, width: number): Line[] {
  return errorLines({ kind: 'internal', message, hint: 'This is a kube-trace bug. Run again with --plain, and please report it.' }, width);
}
