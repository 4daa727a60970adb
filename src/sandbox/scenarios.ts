// The sandbox's built-in worlds. Times are relative to the sandbox's start so AGE reads naturally.

import { randomUUID } from 'node:crypto';
import type { KubeObject } from './resources.js';
import { bootstrapRbac, namespace, node, pod, podStatus, role, roleBinding, type ContainerStateInput } from './objects.js';
import { smallClusterObjects } from './scenario-cluster.js';
import { watchDemoPods, watchDemoScript } from './scenarios/watch-demo.js';
import type { ScenarioScript } from './watch-events.js';

export const SCENARIOS = ['default', 'captured', 'forbidden', 'empty', 'crashloop', 'many', 'broken-tls', 'watch-demo'] as const;
export type ScenarioName = (typeof SCENARIOS)[number];

export function isScenario(name: string): name is ScenarioName {
  return (SCENARIOS as readonly string[]).includes(name);
}

const ago = (now: Date, seconds: number): Date => new Date(now.getTime() - seconds * 1000);
const MIN = 60;
const HOUR = 3600;
const DAY = 86400;

function cluster(now: Date): KubeObject[] {
  const born = ago(now, 3 * DAY);
  return [
    namespace('default', born),
    namespace('kube-node-lease', born),
    namespace('kube-public', born),
    namespace('kube-system', born),
    namespace('demo', ago(now, 2 * HOUR), { purpose: 'kube-trace-sandbox' }),
    namespace('empty', ago(now, 2 * HOUR)),
    node({ name: 'node-1', created: born, ip: '10.1.0.11', controlPlane: true }),
    node({ name: 'node-2', created: ago(now, 3 * DAY - 5 * MIN), ip: '10.1.0.12' }),
    ...bootstrapRbac(born),
    role('pod-reader', 'default', [{ apiGroups: [''], resources: ['pods'], verbs: ['get', 'list', 'watch'] }], ago(now, 2 * HOUR)),
    roleBinding('viewer-pod-reader', 'default', { kind: 'Role', name: 'pod-reader' }, [{ kind: 'User', apiGroup: 'rbac.authorization.k8s.io', name: 'viewer' }], ago(now, 2 * HOUR)),
  ];
}

/** A Running pod's status, with containers started at `started` (restarted ones at their last restart). */
function runningStatus(now: Date, started: Date, podIP: string, hostIP: string, containers: { name: string; image: string; restarts?: number; lastRestartAgo?: number }[]): Record<string, unknown> {
  return podStatus({
    phase: 'Running', started, podIP, hostIP, ready: true,
    containers: containers.map((c): ContainerStateInput => {
      const restartedAt = c.lastRestartAgo !== undefined ? ago(now, c.lastRestartAgo) : started;
      const s: ContainerStateInput = { name: c.name, image: c.image, ready: true, restartCount: c.restarts ?? 0, state: { running: { startedAt: iso(restartedAt) } } };
      if (c.restarts) {
        s.lastState = { terminated: { exitCode: 137, reason: 'OOMKilled', startedAt: iso(started), finishedAt: iso(restartedAt), containerID: `containerd://${'c'.repeat(64)}` } };
      }
      return s;
    }),
  });
}

/**
 * The `default` namespace: `healthy` is a small cluster at work (every pod scheduled, with node and IPs,
 * and api-running's sidecar restarting now and then); otherwise it is the captured v1.28.7 cluster's,
 * which ran no kubelet, so every pod but api-running (whose status was set for the capture) stayed Pending.
 * The fidelity tests hold the sandbox to kubectl's captured output with the latter (scenario `captured`).
 */
type DefaultNamespace = 'healthy' | 'captured' | 'none';

/** nginx, redis and web-with-sidecar as a scheduler and kubelet would have left them: Running on a node. */
function healthyFrontends(now: Date, created: Date): KubeObject[] {
  const started = ago(now, 2 * HOUR - 12);
  return [
    pod({
      name: 'nginx', namespace: 'default', applied: true, labels: { app: 'nginx', tier: 'frontend' }, created, nodeName: 'node-2',
      containers: [{ name: 'nginx', image: 'nginx:1.25', ports: [80] }],
      status: runningStatus(now, started, '10.244.1.3', '10.1.0.12', [{ name: 'nginx', image: 'nginx:1.25' }]),
    }),
    pod({
      name: 'redis', namespace: 'default', applied: true, labels: { app: 'redis', tier: 'cache' }, created, nodeName: 'node-1',
      containers: [{ name: 'redis', image: 'redis:7', ports: [6379] }],
      status: runningStatus(now, started, '10.244.0.6', '10.1.0.11', [{ name: 'redis', image: 'redis:7' }]),
    }),
    pod({
      name: 'web-with-sidecar', namespace: 'default', applied: true, labels: { app: 'web', tier: 'frontend' }, created, nodeName: 'node-2',
      containers: [{ name: 'web', image: 'nginx:1.25' }, { name: 'log-shipper', image: 'busybox:1.36', command: ['sh', '-c', 'tail -F /var/log/app.log'] }],
      status: runningStatus(now, started, '10.244.1.4', '10.1.0.12', [{ name: 'web', image: 'nginx:1.25' }, { name: 'log-shipper', image: 'busybox:1.36' }]),
    }),
  ];
}

function defaultPods(now: Date, defaultNamespace: DefaultNamespace): KubeObject[] {
  const created = ago(now, 2 * HOUR);
  const out: KubeObject[] = [];
  if (defaultNamespace !== 'none') {
    out.push(
      pod({
        name: 'api-running', namespace: 'default', applied: true, labels: { app: 'api', tier: 'backend' }, created, nodeName: 'node-1',
        containers: [{ name: 'api', image: 'ghcr.io/example/api:1.0' }, { name: 'metrics', image: 'prom/statsd-exporter:v0.26.0' }],
        status: runningStatus(now, ago(now, 2 * HOUR - 30), '10.244.0.5', '10.1.0.11', [
          { name: 'api', image: 'ghcr.io/example/api:1.0' },
          { name: 'metrics', image: 'prom/statsd-exporter:v0.26.0', restarts: 2, lastRestartAgo: 4 * MIN + 35 },
        ]),
      }),
    );
    if (defaultNamespace === 'healthy') out.push(...healthyFrontends(now, created));
    else {
      out.push(
        pod({ name: 'nginx', namespace: 'default', applied: true, labels: { app: 'nginx', tier: 'frontend' }, created, containers: [{ name: 'nginx', image: 'nginx:1.25', ports: [80] }] }),
        pod({ name: 'redis', namespace: 'default', applied: true, labels: { app: 'redis', tier: 'cache' }, created, containers: [{ name: 'redis', image: 'redis:7', ports: [6379] }] }),
        pod({
          name: 'web-with-sidecar', namespace: 'default', applied: true, labels: { app: 'web', tier: 'frontend' }, created,
          containers: [{ name: 'web', image: 'nginx:1.25' }, { name: 'log-shipper', image: 'busybox:1.36', command: ['sh', '-c', 'tail -F /var/log/app.log'] }],
        }),
      );
    }
  }
  const demoCreated = ago(now, 90 * MIN);
  const worker: ContainerStateInput = {
    name: 'worker', image: 'python:3.12-slim', ready: false, restartCount: 5,
    state: { waiting: { reason: 'CrashLoopBackOff', message: 'back-off 2m40s restarting failed container=worker pod=worker_demo' } },
    lastState: { terminated: { exitCode: 1, reason: 'Error', startedAt: iso(ago(now, 3 * MIN + 23)), finishedAt: iso(ago(now, 3 * MIN + 23)), containerID: `containerd://${'d'.repeat(64)}` } },
  };
  out.push(
    pod({ name: 'nginx', namespace: 'demo', applied: true, labels: { app: 'nginx', tier: 'frontend' }, created: demoCreated, containers: [{ name: 'nginx', image: 'nginx:1.25' }] }),
    pod({
      name: 'worker', namespace: 'demo', applied: true, labels: { app: 'worker', tier: 'backend' }, created: demoCreated, nodeName: 'node-1',
      containers: [{ name: 'worker', image: 'python:3.12-slim', command: ['python', '-m', 'http.server'] }],
      status: podStatus({ phase: 'Running', started: demoCreated, podIP: '10.244.0.9', hostIP: '10.1.0.11', ready: false, containers: [worker] }),
    }),
    pod({
      name: 'report-28391520-x7k2p', namespace: 'demo', labels: { 'batch.kubernetes.io/job-name': 'report-28391520', 'job-name': 'report-28391520' }, created: ago(now, 40 * MIN), nodeName: 'node-2', restartPolicy: 'Never',
      ownerReferences: [{ apiVersion: 'batch/v1', kind: 'Job', name: 'report-28391520', uid: '4f0c2d56-7f0e-4d8b-9d7e-0a1b2c3d4e5f', controller: true, blockOwnerDeletion: true }],
      containers: [{ name: 'report', image: 'busybox:1.36', command: ['sh', '-c', 'echo done'] }],
      status: podStatus({
        phase: 'Succeeded', started: ago(now, 40 * MIN), podIP: '10.244.1.7', hostIP: '10.1.0.12', ready: false,
        containers: [{ name: 'report', image: 'busybox:1.36', ready: false, state: { terminated: { exitCode: 0, reason: 'Completed', startedAt: iso(ago(now, 40 * MIN)), finishedAt: iso(ago(now, 39 * MIN)), containerID: `containerd://${'e'.repeat(64)}` } } }],
      }),
    }),
  );
  const sys = (name: string, image: string, ip: string, nodeName: string, labels: Record<string, string>, hostNetwork = true): KubeObject =>
    pod({
      name, namespace: 'kube-system', labels, created: ago(now, 3 * DAY), nodeName, hostNetwork, priorityClassName: 'system-node-critical', priority: 2000001000,
      containers: [{ name: name.replace(/-node-\d$/, '').replace(/-[a-z0-9]{5,10}(-[a-z0-9]{5})?$/, ''), image }],
      status: runningStatus(now, ago(now, 3 * DAY), ip, nodeName === 'node-1' ? '10.1.0.11' : '10.1.0.12', [{ name: name.replace(/-node-\d$/, '').replace(/-[a-z0-9]{5,10}(-[a-z0-9]{5})?$/, ''), image }]),
    });
  out.push(
    sys('coredns-5dd5756b68-4xkqz', 'registry.k8s.io/coredns/coredns:v1.10.1', '10.244.0.2', 'node-1', { 'k8s-app': 'kube-dns', 'pod-template-hash': '5dd5756b68' }, false),
    sys('etcd-node-1', 'registry.k8s.io/etcd:3.5.16-0', '10.1.0.11', 'node-1', { component: 'etcd', tier: 'control-plane' }),
    sys('kube-apiserver-node-1', 'registry.k8s.io/kube-apiserver:v1.28.7', '10.1.0.11', 'node-1', { component: 'kube-apiserver', tier: 'control-plane' }),
    sys('kube-controller-manager-node-1', 'registry.k8s.io/kube-controller-manager:v1.28.7', '10.1.0.11', 'node-1', { component: 'kube-controller-manager', tier: 'control-plane' }),
    sys('kube-proxy-7b9xw', 'registry.k8s.io/kube-proxy:v1.28.7', '10.1.0.11', 'node-1', { 'k8s-app': 'kube-proxy' }),
    sys('kube-proxy-q2m4d', 'registry.k8s.io/kube-proxy:v1.28.7', '10.1.0.12', 'node-2', { 'k8s-app': 'kube-proxy' }),
    sys('kube-scheduler-node-1', 'registry.k8s.io/kube-scheduler:v1.28.7', '10.1.0.11', 'node-1', { component: 'kube-scheduler', tier: 'control-plane' }),
  );
  return out;
}

function iso(d: Date): string {
  return d.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** One pod per STATUS kubectl's printer can show. */
function crashloopZoo(now: Date): KubeObject[] {
  const created = ago(now, 30 * MIN);
  const t = iso(ago(now, 25 * MIN));
  const img = 'busybox:1.36';
  const c = (name: string) => [{ name, image: img }];
  const zoo: { name: string; phase: 'Pending' | 'Running' | 'Succeeded' | 'Failed' | 'Unknown'; containers: ContainerStateInput[]; init?: ContainerStateInput[]; extra?: Partial<Parameters<typeof pod>[0]>; reason?: string; message?: string; noIP?: boolean }[] = [
    { name: 'crashloop', phase: 'Running', containers: [{ name: 'app', image: img, ready: false, restartCount: 7, state: { waiting: { reason: 'CrashLoopBackOff', message: 'back-off 5m0s restarting failed container=app' } }, lastState: { terminated: { exitCode: 1, reason: 'Error', startedAt: iso(ago(now, 2 * MIN)), finishedAt: iso(ago(now, 2 * MIN)) } } }] },
    { name: 'init-running', phase: 'Pending', noIP: true, init: [{ name: 'migrate', image: img, ready: false, state: { running: { startedAt: t } } }, { name: 'seed', image: img, ready: false, state: { waiting: { reason: 'PodInitializing' } } }], containers: [{ name: 'app', image: img, ready: false, state: { waiting: { reason: 'PodInitializing' } } }] },
    { name: 'init-crashloop', phase: 'Pending', noIP: true, init: [{ name: 'migrate', image: img, ready: false, restartCount: 4, state: { waiting: { reason: 'CrashLoopBackOff', message: 'back-off 1m20s restarting failed container=migrate' } }, lastState: { terminated: { exitCode: 1, reason: 'Error', startedAt: t, finishedAt: t } } }], containers: [{ name: 'app', image: img, ready: false, state: { waiting: { reason: 'PodInitializing' } } }] },
    { name: 'init-exitcode', phase: 'Pending', noIP: true, init: [{ name: 'migrate', image: img, ready: false, state: { terminated: { exitCode: 1, startedAt: t, finishedAt: t } } }], containers: [{ name: 'app', image: img, ready: false, state: { waiting: { reason: 'PodInitializing' } } }] },
    { name: 'signal-killed', phase: 'Running', containers: [{ name: 'app', image: img, ready: false, state: { terminated: { exitCode: 137, signal: 9, startedAt: t, finishedAt: t } } }] },
    { name: 'image-pull-error', phase: 'Pending', containers: [{ name: 'app', image: 'registry.example.com/app:missing', ready: false, state: { waiting: { reason: 'ErrImagePull', message: 'rpc error: code = NotFound desc = failed to pull and unpack image "registry.example.com/app:missing": not found' } } }] },
    { name: 'image-pull-backoff', phase: 'Pending', containers: [{ name: 'app', image: 'registry.example.com/app:missing', ready: false, state: { waiting: { reason: 'ImagePullBackOff', message: 'Back-off pulling image "registry.example.com/app:missing"' } } }] },
    { name: 'container-creating', phase: 'Pending', noIP: true, containers: [{ name: 'app', image: img, ready: false, state: { waiting: { reason: 'ContainerCreating' } } }] },
    { name: 'completed', phase: 'Succeeded', extra: { restartPolicy: 'Never' }, containers: [{ name: 'app', image: img, ready: false, state: { terminated: { exitCode: 0, reason: 'Completed', startedAt: t, finishedAt: t } } }] },
    { name: 'error', phase: 'Failed', extra: { restartPolicy: 'Never' }, containers: [{ name: 'app', image: img, ready: false, state: { terminated: { exitCode: 2, reason: 'Error', startedAt: t, finishedAt: t } } }] },
    { name: 'oom-killed', phase: 'Failed', extra: { restartPolicy: 'Never' }, containers: [{ name: 'app', image: img, ready: false, state: { terminated: { exitCode: 137, reason: 'OOMKilled', startedAt: t, finishedAt: t } } }] },
    { name: 'terminating', phase: 'Running', extra: { deletionTimestamp: ago(now, -20) }, containers: [{ name: 'app', image: img, ready: true, state: { running: { startedAt: t } } }] },
    { name: 'node-lost', phase: 'Running', reason: 'NodeLost', message: 'Node node-2 which was running pod node-lost is unresponsive', extra: { deletionTimestamp: ago(now, 5 * MIN) }, containers: [{ name: 'app', image: img, ready: false, state: { running: { startedAt: t } } }] },
    { name: 'evicted', phase: 'Failed', reason: 'Evicted', message: 'The node was low on resource: memory. Threshold quantity: 100Mi, available: 50Mi.', noIP: true, containers: [] },
    { name: 'running', phase: 'Running', containers: [{ name: 'app', image: img, ready: true, state: { running: { startedAt: t } } }] },
    { name: 'not-ready', phase: 'Running', containers: [{ name: 'app', image: img, ready: false, state: { running: { startedAt: t } } }] },
  ];
  const pods = zoo.map((z, i) =>
    pod({
      name: z.name, namespace: 'default', labels: { app: 'zoo', status: z.name }, applied: true, created, nodeName: 'node-2',
      containers: c(z.containers[0]?.name ?? 'app'), // evicted pods keep no container statuses
      ...(z.init ? { initContainers: z.init.map((x) => ({ name: x.name, image: x.image })) } : {}),
      ...z.extra,
      status: podStatus({
        phase: z.phase, started: ago(now, 29 * MIN), hostIP: '10.1.0.12', ready: z.containers.length > 0 && z.containers.every((x) => x.ready),
        ...(z.noIP ? {} : { podIP: `10.244.1.${20 + i}` }),
        containers: z.containers,
        ...(z.init ? { initContainers: z.init } : {}),
        ...(z.reason ? { reason: z.reason } : {}),
        ...(z.message ? { message: z.message } : {}),
      }),
    }),
  );
  // A pod the scheduler is told to hold back: SchedulingGated, no node.
  pods.push(
    pod({
      name: 'scheduling-gated', namespace: 'default', labels: { app: 'zoo', status: 'scheduling-gated' }, created, schedulingGates: ['example.com/quota-check'],
      containers: [{ name: 'app', image: img }],
      status: { phase: 'Pending', conditions: [{ type: 'PodScheduled', status: 'False', lastProbeTime: null, lastTransitionTime: iso(created), reason: 'SchedulingGated', message: 'Scheduling is blocked due to non-empty scheduling gates' }], qosClass: 'BestEffort' },
    }),
  );
  return pods;
}

/** 5,000 pods across nine namespaces (1,000 in default, so `kubectl get pods` pages at 500). One pod
 * is built and serialized once; the others are that text with their own name, uid, IP and node, which
 * keeps the whole build well under a second. */
function manyPods(now: Date): { namespaces: KubeObject[]; pods: SerializedObject[] } {
  const namespaces = ['default', ...Array.from({ length: 8 }, (_, i) => `team-${String(i + 1).padStart(2, '0')}`)];
  const started = ago(now, 20 * HOUR);
  const template = pod({
    name: '@NAME@', namespace: '@NS@', labels: { app: 'web', shard: '@SHARD@' }, created: started, nodeName: '@NODE@',
    containers: [{ name: 'app', image: 'nginx:1.25' }],
    status: runningStatus(now, started, '@IP@', '@HOSTIP@', [{ name: 'app', image: 'nginx:1.25' }]),
  });
  (template['metadata'] as Record<string, unknown>)['uid'] = '@UID@';
  (template['metadata'] as Record<string, unknown>)['creationTimestamp'] = '@CREATED@';
  const text = JSON.stringify(template);
  const parts = text.split(/@(NAME|NS|SHARD|NODE|IP|HOSTIP|UID|CREATED)@/);
  const pods: SerializedObject[] = [];
  let n = 0;
  for (const ns of namespaces) {
    const count = ns === 'default' ? 1000 : 500;
    for (let i = 0; i < count; i++, n++) {
      const name = `web-${String(i).padStart(4, '0')}`;
      const node = n % 2 ? 'node-2' : 'node-1';
      const values: Record<string, string> = {
        NAME: name, NS: ns, SHARD: String(i % 10), NODE: node, IP: `10.244.${(n >> 8) & 255}.${n & 255}`,
        HOSTIP: node === 'node-1' ? '10.1.0.11' : '10.1.0.12', UID: randomUUID(), CREATED: iso(ago(now, DAY - n)),
      };
      let json = '';
      // Odd parts are the captured placeholder names, each a key of values.
      for (const [k, part] of parts.entries()) json += k % 2 ? (values[part] ?? '') : part;
      pods.push({ kind: 'Pod', apiVersion: 'v1', namespace: ns, name, json });
    }
  }
  return { namespaces: namespaces.slice(1).map((ns) => namespace(ns, ago(now, DAY))), pods };
}

/** The default scenario's objects beyond pods (scenario-cluster.ts), with the kube-system pods owned by their controllers. */
function withControllers(now: Date, objects: KubeObject[]): KubeObject[] {
  const namespaces = objects.filter((o) => o['kind'] === 'Namespace').map((o) => String((o['metadata'] as Record<string, unknown>)['name']));
  const { objects: extra, podOwners } = smallClusterObjects(now, namespaces);
  for (const o of objects) {
    const m = o['metadata'] as Record<string, unknown>;
    const ref = o['kind'] === 'Pod' ? podOwners.get(`${String(m['namespace'])}/${String(m['name'])}`) : undefined;
    if (ref) o['metadata'] = { ...m, ownerReferences: [ref] };
  }
  return [...objects, ...extra];
}

/** An object already serialized as it is stored (metadata without resourceVersion). */
export interface SerializedObject {
  kind: string;
  apiVersion: string;
  namespace: string;
  name: string;
  json: string;
}

export interface ScenarioContent {
  objects: KubeObject[];
  /** Bulk objects, stored after `objects` (the many scenario). */
  serialized?: SerializedObject[];
  /** The kubeconfig context made current by default. */
  currentContext: string;
  /** Names the server certificate is issued for (broken-tls: a name no client uses). */
  serverNames: { dns: string[]; ips: string[] };
  /** What the scenario does while it runs (watch-demo changes pods when a watch opens). */
  script?: ScenarioScript;
}

export function scenarioContent(name: ScenarioName, now: Date): ScenarioContent {
  const good = { dns: ['localhost'], ips: ['127.0.0.1'] };
  switch (name) {
    case 'default':
      return { objects: withControllers(now, [...cluster(now), ...defaultPods(now, 'healthy')]), currentContext: 'sandbox-admin', serverNames: good };
    case 'captured':
      return { objects: withControllers(now, [...cluster(now), ...defaultPods(now, 'captured')]), currentContext: 'sandbox-admin', serverNames: good };
    case 'forbidden':
      return { objects: [...cluster(now), ...defaultPods(now, 'healthy')], currentContext: 'sandbox-nobody', serverNames: good };
    case 'empty':
      return { objects: [...cluster(now), ...defaultPods(now, 'none')], currentContext: 'sandbox-admin', serverNames: good };
    case 'crashloop':
      return { objects: [...cluster(now), ...crashloopZoo(now)], currentContext: 'sandbox-admin', serverNames: good };
    case 'many': {
      const many = manyPods(now);
      return { objects: [...cluster(now), ...many.namespaces], serialized: many.pods, currentContext: 'sandbox-admin', serverNames: good };
    }
    case 'broken-tls':
      return { objects: [...cluster(now), ...defaultPods(now, 'healthy')], currentContext: 'sandbox-admin', serverNames: { dns: ['wrong.example'], ips: [] } };
    case 'watch-demo':
      return { objects: [...cluster(now), ...defaultPods(now, 'healthy'), ...watchDemoPods(now)], currentContext: 'sandbox-admin', serverNames: good, script: watchDemoScript() };
  }
}
