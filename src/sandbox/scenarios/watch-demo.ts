// Scenario "watch-demo": the default cluster with a small batch of pods in "default", and a script
// that plays the scheduler and the kubelet while someone watches pods. Each time a watch on pods
// opens (one run at a time), over about three and a half seconds:
//   +1.0 s  batch-N is created, Pending (no node yet)             → ADDED
//   +2.0 s  batch-N is scheduled to node-1 and Running            → MODIFIED
//   +3.0 s  batch-(N-1) is deleted gracefully: deletionTimestamp  → MODIFIED (STATUS Terminating)
//   +3.5 s  the kubelet confirms it stopped: the object goes      → DELETED
// A real cluster shows more MODIFIED events on the way (PodScheduled, then container statuses); two
// steps are enough to see a pod change. batch-0 is there from the start, so the first watch sees it go.
import type { KubeObject } from '../resources.js';
import { pod, podStatus } from '../objects.js';
import type { ScenarioScript, ScenarioWriter } from '../watch-events.js';

/** When each step happens, in milliseconds after the watch opened. */
export const WATCH_DEMO_STEPS_MS = [1000, 2000, 3000, 3500] as const;

const iso = (d: Date): string => d.toISOString().replace(/\.\d{3}Z$/, 'Z');

function batchPod(n: number, created: Date, state: 'pending' | 'running', deleting: Date | null = null): KubeObject {
  const base = {
    name: `batch-${n}`, namespace: 'default', labels: { app: 'batch', run: String(n) }, created,
    containers: [{ name: 'work', image: 'busybox:1.36', command: ['sh', '-c', 'sleep 3600'] }],
    ...(deleting ? { deletionTimestamp: deleting } : {}),
  };
  if (state === 'pending') return pod(base);
  return pod({
    ...base, nodeName: 'node-1',
    status: podStatus({
      phase: 'Running', started: created, podIP: `10.244.0.${20 + (n % 200)}`, hostIP: '10.1.0.11', ready: true,
      containers: [{ name: 'work', image: 'busybox:1.36', ready: true, restartCount: 0, state: { running: { startedAt: iso(created) } } }],
    }),
  });
}

/** The pods the scenario starts with (besides the default cluster's). */
export function watchDemoPods(now: Date): KubeObject[] {
  return [batchPod(0, new Date(now.getTime() - 5 * 60_000), 'running')];
}

export function watchDemoScript(): ScenarioScript {
  let generation = 0;
  let running = false;
  // The pod each run creates, kept as first stored (its uid and creation time stay across its updates).
  const created = new Map<number, Date>([[0, new Date(Date.now() - 5 * 60_000)]]);
  return {
    onWatch(prefix: string, w: ScenarioWriter): void {
      if (prefix !== '/registry/pods/' || running) return;
      running = true;
      const n = ++generation;
      const at = (ms: number, step: () => Promise<void>): Promise<void> => new Promise((resolve) => setTimeout(() => void step().then(resolve, resolve), ms));
      const t0 = Date.now();
      const wait = (ms: number): number => Math.max(0, ms - (Date.now() - t0));
      void (async () => {
        try {
          let born = w.now();
          let pending: KubeObject | null = null;
          await at(wait(WATCH_DEMO_STEPS_MS[0]), async () => {
            born = w.now();
            created.set(n, born);
            pending = batchPod(n, born, 'pending');
            await w.write(pending);
          });
          await at(wait(WATCH_DEMO_STEPS_MS[1]), async () => {
            // The same object (same uid), now bound and running.
            const next = batchPod(n, born, 'running');
            const meta = (pending?.['metadata'] ?? {}) as Record<string, unknown>;
            (next['metadata'] as Record<string, unknown>)['uid'] = meta['uid'];
            pending = next;
            await w.write(next);
          });
          const previous = created.get(n - 1) ?? born;
          let doomed: KubeObject | null = null;
          await at(wait(WATCH_DEMO_STEPS_MS[2]), async () => {
            doomed = batchPod(n - 1, previous, 'running', w.now());
            await w.write(doomed);
          });
          await at(wait(WATCH_DEMO_STEPS_MS[3]), async () => {
            if (doomed) await w.remove(doomed);
          });
        } finally {
          running = false;
        }
      })();
    },
  };
}
