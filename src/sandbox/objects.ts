// Builders for the objects the scenarios store, with the defaults kube-apiserver's defaulting and
// admission would have filled in (so `-o json` looks like a real cluster's pod).

import { randomUUID } from 'node:crypto';
import type { KubeObject } from './resources.js';
import { kubeApiAccessMount, kubeApiAccessVolume } from './service-account-token.js';

export function isoSeconds(d: Date): string {
  return d.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export interface ContainerInput {
  name: string;
  image: string;
  ports?: number[];
  command?: string[];
}

export interface PodInput {
  name: string;
  namespace: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  created: Date;
  containers: ContainerInput[];
  initContainers?: ContainerInput[];
  nodeName?: string;
  restartPolicy?: 'Always' | 'OnFailure' | 'Never';
  schedulingGates?: string[];
  ownerReferences?: Record<string, unknown>[];
  deletionTimestamp?: Date;
  status?: Record<string, unknown>;
  priority?: number;
  priorityClassName?: string;
  hostNetwork?: boolean;
  /** Created with `kubectl apply`: the last-applied annotation and the apply managedFields entry. */
  applied?: boolean;
}

/** JSON with object keys sorted at every level, as Go marshals the map kubectl applies. */
function sortedJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(sortedJson).join(',')}]`;
  if (v !== null && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    return `{${Object.keys(o).sort().filter((k) => o[k] !== undefined).map((k) => `${JSON.stringify(k)}:${sortedJson(o[k])}`).join(',')}}`;
  }
  return JSON.stringify(v);
}

function lastApplied(p: PodInput): string {
  const metadata: Record<string, unknown> = { annotations: {}, name: p.name, namespace: p.namespace };
  if (p.labels) metadata['labels'] = p.labels;
  const spec: Record<string, unknown> = {
    containers: p.containers.map((c) => ({ command: c.command, image: c.image, name: c.name, ports: c.ports?.map((port) => ({ containerPort: port })) })),
  };
  if (p.initContainers) spec['initContainers'] = p.initContainers.map((c) => ({ command: c.command, image: c.image, name: c.name }));
  if (p.nodeName) spec['nodeName'] = p.nodeName;
  if (p.restartPolicy) spec['restartPolicy'] = p.restartPolicy;
  return sortedJson({ apiVersion: 'v1', kind: 'Pod', metadata, spec }) + '\n';
}

/** The managedFields entry `kubectl apply` (client-side) leaves on a pod it created. */
function applyManagedFields(p: PodInput): Record<string, unknown>[] {
  const set = (names: string[]): Record<string, unknown> => Object.fromEntries(names.sort().map((n) => [`f:${n}`, {}]));
  const container = (c: ContainerInput): Record<string, unknown> => {
    const fields: Record<string, unknown> = { '.': {}, ...set(['image', 'imagePullPolicy', 'name', 'resources', 'terminationMessagePath', 'terminationMessagePolicy', ...(c.command ? ['command'] : [])]) };
    if (c.ports) {
      fields['f:ports'] = { '.': {}, ...Object.fromEntries(c.ports.map((port) => [`k:{"containerPort":${port},"protocol":"TCP"}`, { '.': {}, 'f:containerPort': {}, 'f:protocol': {} }])) };
    }
    return Object.fromEntries(Object.keys(fields).sort((a, b) => (a === '.' ? -1 : b === '.' ? 1 : a < b ? -1 : 1)).map((k) => [k, fields[k]]));
  };
  const spec: Record<string, unknown> = {
    'f:containers': Object.fromEntries([...p.containers].sort((a, b) => (a.name < b.name ? -1 : 1)).map((c) => [`k:{"name":"${c.name}"}`, container(c)])),
    ...set(['dnsPolicy', 'enableServiceLinks', 'restartPolicy', 'schedulerName', 'securityContext', 'terminationGracePeriodSeconds', ...(p.nodeName ? ['nodeName'] : [])]),
  };
  if (p.initContainers) spec['f:initContainers'] = Object.fromEntries([...p.initContainers].sort((a, b) => (a.name < b.name ? -1 : 1)).map((c) => [`k:{"name":"${c.name}"}`, container(c)]));
  const metadata: Record<string, unknown> = { 'f:annotations': { '.': {}, 'f:kubectl.kubernetes.io/last-applied-configuration': {} } };
  if (p.labels) metadata['f:labels'] = { '.': {}, ...set(Object.keys(p.labels)) };
  const sortedSpec = Object.fromEntries(Object.keys(spec).sort().map((k) => [k, spec[k]]));
  return [{ manager: 'kubectl-client-side-apply', operation: 'Update', apiVersion: 'v1', time: isoSeconds(p.created), fieldsType: 'FieldsV1', fieldsV1: { 'f:metadata': metadata, 'f:spec': sortedSpec } }];
}

function suffix(): string {
  const alphabet = 'bcdfghjklmnpqrstvwxz2456789';
  let s = '';
  for (let i = 0; i < 5; i++) s += alphabet.charAt(Math.floor(Math.random() * alphabet.length));
  return s;
}

function container(c: ContainerInput, volume: string): Record<string, unknown> {
  const tagged = /:[^/]+$/.test(c.image) && !c.image.endsWith(':latest');
  const out: Record<string, unknown> = { name: c.name, image: c.image };
  if (c.command) out['command'] = c.command;
  if (c.ports) out['ports'] = c.ports.map((p) => ({ containerPort: p, protocol: 'TCP' }));
  out['resources'] = {};
  out['volumeMounts'] = [kubeApiAccessMount(volume)];
  out['terminationMessagePath'] = '/dev/termination-log';
  out['terminationMessagePolicy'] = 'File';
  out['imagePullPolicy'] = tagged ? 'IfNotPresent' : 'Always';
  return out;
}

export function pod(p: PodInput): KubeObject {
  const volume = `kube-api-access-${suffix()}`;
  const metadata: Record<string, unknown> = {
    name: p.name,
    namespace: p.namespace,
    uid: randomUUID(),
    creationTimestamp: isoSeconds(p.created),
  };
  if (p.deletionTimestamp) {
    metadata['deletionTimestamp'] = isoSeconds(p.deletionTimestamp);
    metadata['deletionGracePeriodSeconds'] = 30;
  }
  if (p.labels) metadata['labels'] = p.labels;
  const annotations = p.applied ? { ...p.annotations, 'kubectl.kubernetes.io/last-applied-configuration': lastApplied(p) } : p.annotations;
  if (annotations) metadata['annotations'] = annotations;
  if (p.ownerReferences) metadata['ownerReferences'] = p.ownerReferences;
  if (p.applied) metadata['managedFields'] = applyManagedFields(p);
  const spec: Record<string, unknown> = {
    volumes: [kubeApiAccessVolume(volume)],
  };
  if (p.initContainers) spec['initContainers'] = p.initContainers.map((c) => container(c, volume));
  spec['containers'] = p.containers.map((c) => container(c, volume));
  spec['restartPolicy'] = p.restartPolicy ?? 'Always';
  spec['terminationGracePeriodSeconds'] = 30;
  spec['dnsPolicy'] = 'ClusterFirst';
  spec['serviceAccountName'] = 'default';
  spec['serviceAccount'] = 'default';
  if (p.nodeName) spec['nodeName'] = p.nodeName;
  if (p.hostNetwork) spec['hostNetwork'] = true;
  spec['securityContext'] = {};
  spec['schedulerName'] = 'default-scheduler';
  spec['tolerations'] = [
    { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
    { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
  ];
  if (p.priorityClassName) spec['priorityClassName'] = p.priorityClassName;
  spec['priority'] = p.priority ?? 0;
  spec['enableServiceLinks'] = true;
  spec['preemptionPolicy'] = 'PreemptLowerPriority';
  if (p.schedulingGates) spec['schedulingGates'] = p.schedulingGates.map((name) => ({ name }));
  return { kind: 'Pod', apiVersion: 'v1', metadata, spec, status: p.status ?? { phase: 'Pending', qosClass: 'BestEffort' } };
}

export interface ContainerStateInput {
  name: string;
  image: string;
  ready: boolean;
  restartCount?: number;
  state: Record<string, unknown>;
  lastState?: Record<string, unknown>;
}

const hex = (c: string): string => c.repeat(64);

/** Where the runtime says an image came from: docker.io/library/nginx, docker.io/prom/x, ghcr.io/example/api. */
function imageRepo(image: string): string {
  const repo = image.replace(/[:@][^/]*$/, '');
  const first = repo.split('/')[0] ?? '';
  if (repo.includes('/') && (first.includes('.') || first.includes(':') || first === 'localhost')) return repo;
  return repo.includes('/') ? `docker.io/${repo}` : `docker.io/library/${repo}`;
}

export function containerStatus(c: ContainerStateInput, i: number): Record<string, unknown> {
  const running = 'running' in c.state;
  const neverStarted = 'waiting' in c.state && !c.restartCount;
  const out: Record<string, unknown> = { name: c.name, state: c.state, lastState: c.lastState ?? {}, ready: c.ready, restartCount: c.restartCount ?? 0, image: c.image };
  if (!neverStarted) {
    out['imageID'] = `${imageRepo(c.image)}@sha256:${hex(String((i % 9) + 1))}`;
    out['containerID'] = `containerd://${hex('abcdef'[i % 6] as string)}`;
  } else {
    out['imageID'] = '';
  }
  out['started'] = running;
  return out;
}

export interface StatusInput {
  phase: 'Pending' | 'Running' | 'Succeeded' | 'Failed' | 'Unknown';
  started: Date;
  hostIP?: string;
  podIP?: string;
  ready: boolean;
  containers: ContainerStateInput[];
  initContainers?: ContainerStateInput[];
  reason?: string;
  message?: string;
  qosClass?: string;
}

export function podStatus(s: StatusInput): Record<string, unknown> {
  const t = isoSeconds(s.started);
  const cond = (type: string, ok: boolean): Record<string, unknown> => {
    const c: Record<string, unknown> = { type, status: ok ? 'True' : 'False', lastProbeTime: null, lastTransitionTime: t };
    if (!ok && (type === 'Ready' || type === 'ContainersReady')) {
      c['reason'] = s.phase === 'Succeeded' ? 'PodCompleted' : 'ContainersNotReady';
      if (s.phase !== 'Succeeded') c['message'] = `containers with unready status: [${s.containers.filter((x) => !x.ready).map((x) => x.name).join(' ')}]`;
    }
    return c;
  };
  const initDone = !(s.initContainers ?? []).some((c) => !('terminated' in c.state) || (c.state['terminated'] as Record<string, unknown>)['exitCode'] !== 0);
  const out: Record<string, unknown> = { phase: s.phase };
  out['conditions'] = [cond('Initialized', initDone), cond('Ready', s.ready), cond('ContainersReady', s.ready), cond('PodScheduled', true)];
  if (s.message) out['message'] = s.message;
  if (s.reason) out['reason'] = s.reason;
  if (s.hostIP) {
    out['hostIP'] = s.hostIP;
    out['hostIPs'] = [{ ip: s.hostIP }];
  }
  if (s.podIP) {
    out['podIP'] = s.podIP;
    out['podIPs'] = [{ ip: s.podIP }];
  }
  out['startTime'] = t;
  if (s.initContainers) out['initContainerStatuses'] = s.initContainers.map(containerStatus);
  out['containerStatuses'] = s.containers.map((c, i) => containerStatus(c, i));
  out['qosClass'] = s.qosClass ?? 'BestEffort';
  return out;
}

export function namespace(name: string, created: Date, labels: Record<string, string> = {}): KubeObject {
  return {
    kind: 'Namespace',
    apiVersion: 'v1',
    metadata: { name, uid: randomUUID(), creationTimestamp: isoSeconds(created), labels: { 'kubernetes.io/metadata.name': name, ...labels } },
    spec: { finalizers: ['kubernetes'] },
    status: { phase: 'Active' },
  };
}

export function node(opts: { name: string; created: Date; ip: string; controlPlane?: boolean; ready?: boolean }): KubeObject {
  const t = isoSeconds(opts.created);
  const labels: Record<string, string> = {
    'beta.kubernetes.io/arch': 'amd64',
    'beta.kubernetes.io/os': 'linux',
    'kubernetes.io/arch': 'amd64',
    'kubernetes.io/hostname': opts.name,
    'kubernetes.io/os': 'linux',
  };
  if (opts.controlPlane) labels['node-role.kubernetes.io/control-plane'] = '';
  const ready = opts.ready ?? true;
  const condition = (type: string, status: string, reason: string, message: string): Record<string, unknown> => ({
    type, status, lastHeartbeatTime: t, lastTransitionTime: t, reason, message,
  });
  return {
    kind: 'Node',
    apiVersion: 'v1',
    metadata: { name: opts.name, uid: randomUUID(), creationTimestamp: t, labels, annotations: { 'node.alpha.kubernetes.io/ttl': '0' } },
    spec: { podCIDR: `10.244.${opts.ip.endsWith('1') ? 0 : 1}.0/24`, podCIDRs: [`10.244.${opts.ip.endsWith('1') ? 0 : 1}.0/24`] },
    status: {
      capacity: { cpu: '4', 'ephemeral-storage': '102626232Ki', memory: '16393220Ki', pods: '110' },
      allocatable: { cpu: '4', 'ephemeral-storage': '94580335255', memory: '16290820Ki', pods: '110' },
      conditions: [
        condition('MemoryPressure', 'False', 'KubeletHasSufficientMemory', 'kubelet has sufficient memory available'),
        condition('DiskPressure', 'False', 'KubeletHasNoDiskPressure', 'kubelet has no disk pressure'),
        condition('PIDPressure', 'False', 'KubeletHasSufficientPID', 'kubelet has sufficient PID available'),
        ready
          ? condition('Ready', 'True', 'KubeletReady', 'kubelet is posting ready status')
          : condition('Ready', 'Unknown', 'NodeStatusUnknown', 'Kubelet stopped posting node status.'),
      ],
      addresses: [
        { type: 'InternalIP', address: opts.ip },
        { type: 'Hostname', address: opts.name },
      ],
      daemonEndpoints: { kubeletEndpoint: { Port: 10250 } },
      nodeInfo: {
        machineID: randomUUID().replace(/-/g, ''),
        systemUUID: randomUUID(),
        bootID: randomUUID(),
        kernelVersion: '6.1.0-0-amd64',
        osImage: 'Debian GNU/Linux 12 (bookworm)',
        containerRuntimeVersion: 'containerd://1.7.13',
        kubeletVersion: 'v1.28.7',
        kubeProxyVersion: 'v1.28.7',
        operatingSystem: 'linux',
        architecture: 'amd64',
      },
    },
  };
}

export function clusterRole(name: string, rules: Record<string, unknown>[], created: Date): KubeObject {
  return {
    kind: 'ClusterRole',
    apiVersion: 'rbac.authorization.k8s.io/v1',
    metadata: { name, uid: randomUUID(), creationTimestamp: isoSeconds(created), labels: { 'kubernetes.io/bootstrapping': 'rbac-defaults' }, annotations: { 'rbac.authorization.kubernetes.io/autoupdate': 'true' } },
    rules,
  };
}

export function clusterRoleBinding(name: string, role: string, subjects: Record<string, unknown>[], created: Date): KubeObject {
  return {
    kind: 'ClusterRoleBinding',
    apiVersion: 'rbac.authorization.k8s.io/v1',
    metadata: { name, uid: randomUUID(), creationTimestamp: isoSeconds(created), labels: { 'kubernetes.io/bootstrapping': 'rbac-defaults' }, annotations: { 'rbac.authorization.kubernetes.io/autoupdate': 'true' } },
    subjects,
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: role },
  };
}

export function role(name: string, ns: string, rules: Record<string, unknown>[], created: Date): KubeObject {
  return { kind: 'Role', apiVersion: 'rbac.authorization.k8s.io/v1', metadata: { name, namespace: ns, uid: randomUUID(), creationTimestamp: isoSeconds(created) }, rules };
}

export function roleBinding(name: string, ns: string, roleRef: { kind: 'Role' | 'ClusterRole'; name: string }, subjects: Record<string, unknown>[], created: Date): KubeObject {
  return {
    kind: 'RoleBinding',
    apiVersion: 'rbac.authorization.k8s.io/v1',
    metadata: { name, namespace: ns, uid: randomUUID(), creationTimestamp: isoSeconds(created) },
    subjects,
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', ...roleRef },
  };
}

/** kube's bootstrap policy: the parts every cluster has that kubectl get/auth depend on. */
export function bootstrapRbac(created: Date): KubeObject[] {
  const auth = { apiGroup: 'rbac.authorization.k8s.io', kind: 'Group' };
  return [
    clusterRole('cluster-admin', [{ verbs: ['*'], apiGroups: ['*'], resources: ['*'] }, { verbs: ['*'], nonResourceURLs: ['*'] }], created),
    clusterRole('system:basic-user', [
      { verbs: ['create'], apiGroups: ['authorization.k8s.io'], resources: ['selfsubjectaccessreviews', 'selfsubjectrulesreviews'] },
      { verbs: ['create'], apiGroups: ['authentication.k8s.io'], resources: ['selfsubjectreviews'] },
    ], created),
    clusterRole('system:discovery', [
      { verbs: ['get'], nonResourceURLs: ['/api', '/api/*', '/apis', '/apis/*', '/healthz', '/livez', '/openapi', '/openapi/*', '/readyz', '/version', '/version/'] },
    ], created),
    clusterRole('system:public-info-viewer', [{ verbs: ['get'], nonResourceURLs: ['/healthz', '/livez', '/readyz', '/version', '/version/'] }], created),
    clusterRoleBinding('cluster-admin', 'cluster-admin', [{ ...auth, name: 'system:masters' }], created),
    clusterRoleBinding('system:basic-user', 'system:basic-user', [{ ...auth, name: 'system:authenticated' }], created),
    clusterRoleBinding('system:discovery', 'system:discovery', [{ ...auth, name: 'system:authenticated' }], created),
    clusterRoleBinding('system:public-info-viewer', 'system:public-info-viewer', [{ ...auth, name: 'system:authenticated' }, { ...auth, name: 'system:unauthenticated' }], created),
  ];
}
