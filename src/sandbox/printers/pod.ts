// Port of printPod from kubernetes pkg/printers/internalversion/printers.go: the cells of
// `kubectl get pods` as kube-apiserver computes them for a meta.k8s.io Table.
import type { ContainerShape, ContainerStateShape, ConditionShape, PodShape, PrintedRow, TableRowCondition } from './shapes.js';
import { parseInstant, translateTimestampSince, type Instant } from './timestamp.js';

export interface PodPrintOptions {
  nowMs: number;
  /**
   * Kubernetes minor version whose behaviour to follow. Up to 1.30 a pod with a deletionTimestamp
   * always reads "Terminating"; from 1.31 (kubernetes#122038) a pod already Succeeded/Failed keeps
   * its phase-derived status.
   */
  kubeMinor: number;
}

const podSuccessConditions: readonly TableRowCondition[] = [
  { type: 'Completed', status: 'True', reason: 'Succeeded', message: 'The pod has completed successfully.' },
];
const podFailedConditions: readonly TableRowCondition[] = [
  { type: 'Completed', status: 'True', reason: 'Failed', message: 'The pod failed.' },
];

// node.NodeUnreachablePodReason
const NODE_UNREACHABLE_POD_REASON = 'NodeLost';
const POD_REASON_SCHEDULING_GATED = 'SchedulingGated';

// Shared stand-ins for absent fields, so that printing thousands of pods allocates less.
const EMPTY: Readonly<Record<string, never>> = Object.freeze({});
const NONE: readonly never[] = Object.freeze([]);

function isRestartableInitContainer(c: ContainerShape | undefined): boolean {
  return c !== undefined && c.restartPolicy === 'Always';
}

function lastTerminationFinishedAt(state: ContainerStateShape | undefined): Instant | undefined {
  const terminated = state?.terminated;
  if (terminated === undefined || terminated === null) return undefined;
  return parseInstant(terminated.finishedAt);
}

/** metav1.Time.Before with the zero time as the earliest instant. */
function before(a: Instant, b: Instant): boolean {
  if (b === null) return false;
  return a === null || a < b;
}

function isPodInitializedConditionTrue(conditions: ConditionShape[] | undefined): boolean {
  if (conditions === undefined) return false;
  for (const c of conditions) {
    if (c.type === 'Initialized') return c.status === 'True';
  }
  return false;
}

function hasPodReadyCondition(conditions: ConditionShape[] | undefined): boolean {
  if (conditions === undefined) return false;
  for (const c of conditions) {
    if (c.type === 'Ready' && c.status === 'True') return true;
  }
  return false;
}

function num(value: number | undefined): number {
  return typeof value === 'number' ? value : 0;
}

export function printPod(pod: PodShape, opts: PodPrintOptions): PrintedRow {
  const meta: NonNullable<PodShape['metadata']> = pod.metadata ?? EMPTY;
  const spec: NonNullable<PodShape['spec']> = pod.spec ?? EMPTY;
  const status: NonNullable<PodShape['status']> = pod.status ?? EMPTY;
  const specInit = spec.initContainers ?? NONE;
  const conditions = status.conditions;

  let restarts = 0;
  let restartableInitContainerRestarts = 0;
  let totalContainers = spec.containers?.length ?? 0;
  let readyContainers = 0;
  let lastRestartDate: Instant = null;
  let lastRestartableInitContainerRestartDate: Instant = null;

  const podPhase = status.phase ?? '';
  let reason = podPhase;
  if (status.reason) reason = status.reason;

  if (conditions !== undefined) {
    for (const c of conditions) {
      if (c.type === 'PodScheduled' && c.reason === POD_REASON_SCHEDULING_GATED) reason = POD_REASON_SCHEDULING_GATED;
    }
  }

  let rowConditions: readonly TableRowCondition[] | undefined;
  if (podPhase === 'Succeeded') rowConditions = podSuccessConditions;
  else if (podPhase === 'Failed') rowConditions = podFailedConditions;

  // Go keeps a map name → container (the last of a duplicated name wins).
  const initContainers = new Map<string, ContainerShape>();
  for (const c of specInit) {
    initContainers.set(c.name ?? '', c);
    if (isRestartableInitContainer(c)) totalContainers++;
  }

  let initializing = false;
  const initStatuses = status.initContainerStatuses ?? NONE;
  for (let i = 0; i < initStatuses.length; i++) {
    const container = initStatuses[i];
    if (container === undefined) continue;
    const restartable = isRestartableInitContainer(initContainers.get(container.name ?? ''));
    restarts += num(container.restartCount);
    const finishedAt = lastTerminationFinishedAt(container.lastState);
    if (finishedAt !== undefined && before(lastRestartDate, finishedAt)) lastRestartDate = finishedAt;
    if (restartable) {
      restartableInitContainerRestarts += num(container.restartCount);
      if (finishedAt !== undefined && before(lastRestartableInitContainerRestartDate, finishedAt)) {
        lastRestartableInitContainerRestartDate = finishedAt;
      }
    }
    const terminated = container.state?.terminated ?? undefined;
    const waiting = container.state?.waiting ?? undefined;
    if (terminated !== undefined && num(terminated.exitCode) === 0) continue;
    if (restartable && container.started === true) {
      if (container.ready === true) readyContainers++;
      continue;
    }
    if (terminated !== undefined) {
      // initialization failed
      if (!terminated.reason) {
        reason = num(terminated.signal) !== 0 ? `Init:Signal:${num(terminated.signal)}` : `Init:ExitCode:${num(terminated.exitCode)}`;
      } else {
        reason = `Init:${terminated.reason}`;
      }
    } else if (waiting !== undefined && waiting.reason && waiting.reason !== 'PodInitializing') {
      reason = `Init:${waiting.reason}`;
    } else {
      reason = `Init:${i}/${specInit.length}`;
    }
    initializing = true;
    break;
  }

  if (!initializing || isPodInitializedConditionTrue(conditions)) {
    restarts = restartableInitContainerRestarts;
    lastRestartDate = lastRestartableInitContainerRestartDate;
    let hasRunning = false;
    const statuses = status.containerStatuses ?? NONE;
    // Backwards, so that the first container's state wins.
    for (let i = statuses.length - 1; i >= 0; i--) {
      const container = statuses[i];
      if (container === undefined) continue;
      restarts += num(container.restartCount);
      const finishedAt = lastTerminationFinishedAt(container.lastState);
      if (finishedAt !== undefined && before(lastRestartDate, finishedAt)) lastRestartDate = finishedAt;
      const waiting = container.state?.waiting ?? undefined;
      const terminated = container.state?.terminated ?? undefined;
      const running = container.state?.running ?? undefined;
      if (waiting !== undefined && waiting.reason) {
        reason = waiting.reason;
      } else if (terminated !== undefined && terminated.reason) {
        reason = terminated.reason;
      } else if (terminated !== undefined) {
        reason = num(terminated.signal) !== 0 ? `Signal:${num(terminated.signal)}` : `ExitCode:${num(terminated.exitCode)}`;
      } else if (container.ready === true && running !== undefined) {
        hasRunning = true;
        readyContainers++;
      }
    }
    // Back to "Running" if at least one container still reports running.
    if (reason === 'Completed' && hasRunning) {
      reason = hasPodReadyCondition(conditions) ? 'Running' : 'NotReady';
    }
  }

  const deleting = meta.deletionTimestamp !== undefined && meta.deletionTimestamp !== null;
  if (deleting && status.reason === NODE_UNREACHABLE_POD_REASON) {
    reason = 'Unknown';
  } else if (deleting && (opts.kubeMinor < 31 || (podPhase !== 'Succeeded' && podPhase !== 'Failed'))) {
    reason = 'Terminating';
  }

  let restartsStr = String(restarts);
  if (restarts !== 0 && lastRestartDate !== null) {
    restartsStr = `${restarts} (${translateTimestampSince(lastRestartDate, opts.nowMs)} ago)`;
  }

  // The apiserver always prints the wide columns; kubectl hides priority-1 ones itself.
  let podIP = status.podIPs?.[0]?.ip ?? '';
  if (podIP === '') podIP = '<none>';
  const nodeName = spec.nodeName || '<none>';
  const nominatedNodeName = status.nominatedNodeName || '<none>';

  let readinessGates = '<none>';
  const gates = spec.readinessGates ?? NONE;
  if (gates.length > 0) {
    let trueConditions = 0;
    for (const gate of gates) {
      const c = conditions?.find((cond) => cond.type === (gate.conditionType ?? ''));
      if (c !== undefined && c.status === 'True') trueConditions++;
    }
    readinessGates = `${trueConditions}/${gates.length}`;
  }

  const cells = [
    meta.name ?? '',
    `${readyContainers}/${totalContainers}`,
    reason,
    restartsStr,
    translateTimestampSince(parseInstant(meta.creationTimestamp), opts.nowMs),
    podIP,
    nodeName,
    nominatedNodeName,
    readinessGates,
  ];
  return rowConditions === undefined ? { cells } : { cells, conditions: rowConditions };
}
