// Ports of printDeployment, printReplicaSet, printDaemonSet, printStatefulSet, printJob and printCronJob
// from kubernetes pkg/printers/internalversion/printers.go (as of v1.33). The server always renders the
// wide cells (its table convertor sets GenerateOptions.Wide); kubectl hides priority-1 columns itself.
// Version differences: the Job "Status" column and the CronJob "Timezone" column are new in v1.30
// (kubernetes#123226, #122231), so a v1.28 server prints neither.

import { humanDuration } from '../../duration/human-duration.js';
import { ageOf, arr, formatLabelMap, formatLabelSelector, int, labelSelectorString, layoutContainerCells, nameOf, printBoolPtr, rec, str, type Json } from './cells.js';
import type { AnyRow } from './shapes.js';
import { parseInstant, translateTimestampSince } from './timestamp.js';

export interface RowContext {
  nowMs: number;
  kubeMinor: number;
}

const template = (obj: Json): Json => rec(rec(rec(obj['spec'])['template'])['spec']);
/** *int32 replicas, defaulted to 1 when absent (as the v1 defaulting does before storage). */
const replicas = (spec: Json): number => (spec['replicas'] === undefined || spec['replicas'] === null ? 1 : int(spec['replicas']));

export function printDeployment(obj: Json, ctx: RowContext): AnyRow {
  const spec = rec(obj['spec']);
  const status = rec(obj['status']);
  const [names, images] = layoutContainerCells(template(obj));
  const selector = spec['selector'] === undefined ? '' : labelSelectorString(spec['selector']);
  return {
    cells: [nameOf(obj), `${int(status['readyReplicas'])}/${replicas(spec)}`, int(status['updatedReplicas']), int(status['availableReplicas']), ageOf(obj, ctx.nowMs), names, images, selector ?? '<invalid>'],
  };
}

export function printReplicaSet(obj: Json, ctx: RowContext): AnyRow {
  const spec = rec(obj['spec']);
  const status = rec(obj['status']);
  const [names, images] = layoutContainerCells(template(obj));
  return { cells: [nameOf(obj), replicas(spec), int(status['replicas']), int(status['readyReplicas']), ageOf(obj, ctx.nowMs), names, images, formatLabelSelector(spec['selector'])] };
}

export function printDaemonSet(obj: Json, ctx: RowContext): AnyRow {
  const spec = rec(obj['spec']);
  const s = rec(obj['status']);
  const [names, images] = layoutContainerCells(template(obj));
  return {
    cells: [
      nameOf(obj), int(s['desiredNumberScheduled']), int(s['currentNumberScheduled']), int(s['numberReady']), int(s['updatedNumberScheduled']), int(s['numberAvailable']),
      formatLabelMap(template(obj)['nodeSelector']), ageOf(obj, ctx.nowMs), names, images, formatLabelSelector(spec['selector']),
    ],
  };
}

export function printStatefulSet(obj: Json, ctx: RowContext): AnyRow {
  const spec = rec(obj['spec']);
  const [names, images] = layoutContainerCells(template(obj));
  return { cells: [nameOf(obj), `${int(rec(obj['status'])['readyReplicas'])}/${replicas(spec)}`, ageOf(obj, ctx.nowMs), names, images] };
}

function hasJobCondition(conditions: unknown, type: string): boolean {
  for (const c of arr(conditions).map(rec)) if (c['type'] === type) return c['status'] === 'True';
  return false;
}

export function printJob(obj: Json, ctx: RowContext): AnyRow {
  const spec = rec(obj['spec']);
  const status = rec(obj['status']);
  const succeeded = int(status['succeeded']);
  let completions: string;
  if (spec['completions'] !== undefined && spec['completions'] !== null) completions = `${succeeded}/${int(spec['completions'])}`;
  else {
    const parallelism = int(spec['parallelism']);
    completions = parallelism > 1 ? `${succeeded}/1 of ${parallelism}` : `${succeeded}/1`;
  }
  const start = parseInstant(status['startTime']);
  const end = parseInstant(status['completionTime']);
  const duration = start === null ? '' : end === null ? humanDuration(ctx.nowMs - start) : humanDuration(end - start);
  const [names, images] = layoutContainerCells(template(obj));
  const tail = [completions, duration, ageOf(obj, ctx.nowMs), names, images, formatLabelSelector(spec['selector'])];
  if (ctx.kubeMinor < 30) return { cells: [nameOf(obj), ...tail] };
  const conditions = status['conditions'];
  let state: string;
  if (hasJobCondition(conditions, 'Complete')) state = 'Complete';
  else if (hasJobCondition(conditions, 'Failed')) state = 'Failed';
  else if (rec(obj['metadata'])['deletionTimestamp']) state = 'Terminating';
  else if (hasJobCondition(conditions, 'Suspended')) state = 'Suspended';
  else if (hasJobCondition(conditions, 'FailureTarget')) state = 'FailureTarget';
  else state = 'Running';
  return { cells: [nameOf(obj), state, ...tail] };
}

export function printCronJob(obj: Json, ctx: RowContext): AnyRow {
  const spec = rec(obj['spec']);
  const status = rec(obj['status']);
  const last = status['lastScheduleTime'] ? translateTimestampSince(parseInstant(status['lastScheduleTime']), ctx.nowMs) : '<none>';
  const jobSpec = rec(rec(spec['jobTemplate'])['spec']);
  const [names, images] = layoutContainerCells(rec(rec(jobSpec['template'])['spec']));
  const timeZone = typeof spec['timeZone'] === 'string' ? spec['timeZone'] : '<none>';
  const head = ctx.kubeMinor < 30 ? [nameOf(obj), str(spec['schedule'])] : [nameOf(obj), str(spec['schedule']), timeZone];
  return { cells: [...head, printBoolPtr(spec['suspend']), arr(status['active']).length, last, ageOf(obj, ctx.nowMs), names, images, formatLabelSelector(jobSpec['selector'])] };
}
