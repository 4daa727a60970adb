// What a small real cluster holds besides pods, for the default scenario: the kube-system workloads
// that own its coredns and kube-proxy pods (Deployment → ReplicaSet, DaemonSet), Services (kubernetes,
// kube-dns, and one for the nginx pod), ConfigMaps, a Secret, a ServiceAccount "default" in every
// namespace, Events about the pods, the Job and CronJob behind demo's report pod, and a
// CustomResourceDefinition with one custom resource. Status fields read as the controllers would have
// left them for the pods the scenario already has. Times are relative to the sandbox's start.

import { randomUUID } from 'node:crypto';
import { isoSeconds } from './objects.js';
import type { KubeObject } from './resources.js';

const ago = (now: Date, seconds: number): string => isoSeconds(new Date(now.getTime() - seconds * 1000));
const HOUR = 3600;
const DAY = 86400;

function meta(name: string, namespace: string | null, created: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { name, ...(namespace === null ? {} : { namespace }), uid: randomUUID(), creationTimestamp: created, ...extra };
}

function owner(kind: string, apiVersion: string, obj: KubeObject): Record<string, unknown> {
  const m = obj['metadata'] as Record<string, unknown>;
  return { apiVersion, kind, name: m['name'], uid: m['uid'], controller: true, blockOwnerDeletion: true };
}

const COREDNS_IMAGE = 'registry.k8s.io/coredns/coredns:v1.10.1';
const KUBE_PROXY_IMAGE = 'registry.k8s.io/kube-proxy:v1.28.7';

/** The objects, and the owner references the existing pods get (pod "namespace/name" → its controller). */
export function smallClusterObjects(now: Date, namespaces: readonly string[]): { objects: KubeObject[]; podOwners: Map<string, Record<string, unknown>> } {
  const born = ago(now, 3 * DAY);
  const dnsLabels = { 'k8s-app': 'kube-dns' };
  const dnsTemplate = { metadata: { labels: dnsLabels }, spec: { containers: [{ name: 'coredns', image: COREDNS_IMAGE }], serviceAccountName: 'coredns', priorityClassName: 'system-cluster-critical' } };
  const coredns: KubeObject = {
    kind: 'Deployment', apiVersion: 'apps/v1', metadata: meta('coredns', 'kube-system', born, { generation: 1, labels: dnsLabels, annotations: { 'deployment.kubernetes.io/revision': '1' } }),
    spec: { replicas: 1, selector: { matchLabels: dnsLabels }, template: dnsTemplate, strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1, maxSurge: '25%' } }, revisionHistoryLimit: 10, progressDeadlineSeconds: 600 },
    status: { observedGeneration: 1, replicas: 1, updatedReplicas: 1, readyReplicas: 1, availableReplicas: 1 },
  };
  const rsLabels = { ...dnsLabels, 'pod-template-hash': '5dd5756b68' };
  const corednsRs: KubeObject = {
    kind: 'ReplicaSet', apiVersion: 'apps/v1',
    metadata: meta('coredns-5dd5756b68', 'kube-system', born, { generation: 1, labels: rsLabels, annotations: { 'deployment.kubernetes.io/desired-replicas': '1', 'deployment.kubernetes.io/max-replicas': '2', 'deployment.kubernetes.io/revision': '1' }, ownerReferences: [owner('Deployment', 'apps/v1', coredns)] }),
    spec: { replicas: 1, selector: { matchLabels: rsLabels }, template: { ...dnsTemplate, metadata: { labels: rsLabels } } },
    status: { replicas: 1, fullyLabeledReplicas: 1, readyReplicas: 1, availableReplicas: 1, observedGeneration: 1 },
  };
  const proxyLabels = { 'k8s-app': 'kube-proxy' };
  const kubeProxy: KubeObject = {
    kind: 'DaemonSet', apiVersion: 'apps/v1', metadata: meta('kube-proxy', 'kube-system', born, { generation: 1, labels: proxyLabels }),
    spec: { selector: { matchLabels: proxyLabels }, template: { metadata: { labels: proxyLabels }, spec: { containers: [{ name: 'kube-proxy', image: KUBE_PROXY_IMAGE }], nodeSelector: { 'kubernetes.io/os': 'linux' }, hostNetwork: true, serviceAccountName: 'kube-proxy' } }, updateStrategy: { type: 'RollingUpdate' } },
    status: { currentNumberScheduled: 2, numberMisscheduled: 0, desiredNumberScheduled: 2, numberReady: 2, observedGeneration: 1, updatedNumberScheduled: 2, numberAvailable: 2 },
  };
  const service = (name: string, ns: string, created: string, clusterIP: string, ports: Record<string, unknown>[], selector?: Record<string, string>, labels?: Record<string, string>): KubeObject => ({
    kind: 'Service', apiVersion: 'v1', metadata: meta(name, ns, created, labels ? { labels } : {}),
    spec: { ports, ...(selector ? { selector } : {}), clusterIP, clusterIPs: [clusterIP], type: 'ClusterIP', sessionAffinity: 'None', ipFamilies: ['IPv4'], ipFamilyPolicy: 'SingleStack', internalTrafficPolicy: 'Cluster' },
    status: { loadBalancer: {} },
  });
  const objects: KubeObject[] = [
    coredns, corednsRs, kubeProxy,
    service('kubernetes', 'default', born, '10.96.0.1', [{ name: 'https', protocol: 'TCP', port: 443, targetPort: 6443 }], undefined, { component: 'apiserver', provider: 'kubernetes' }),
    service('kube-dns', 'kube-system', born, '10.96.0.10', [{ name: 'dns', protocol: 'UDP', port: 53, targetPort: 53 }, { name: 'dns-tcp', protocol: 'TCP', port: 53, targetPort: 53 }, { name: 'metrics', protocol: 'TCP', port: 9153, targetPort: 9153 }], dnsLabels, { 'k8s-app': 'kube-dns', 'kubernetes.io/name': 'CoreDNS' }),
    service('nginx', 'default', ago(now, 2 * HOUR), '10.96.113.24', [{ name: 'http', protocol: 'TCP', port: 80, targetPort: 80 }], { app: 'nginx' }),
    { kind: 'ConfigMap', apiVersion: 'v1', metadata: meta('coredns', 'kube-system', born), data: { Corefile: '.:53 {\n    errors\n    health\n    kubernetes cluster.local in-addr.arpa ip6.arpa {\n       pods insecure\n       fallthrough in-addr.arpa ip6.arpa\n    }\n    forward . /etc/resolv.conf\n    cache 30\n    loop\n    reload\n}\n' } },
    { kind: 'ConfigMap', apiVersion: 'v1', metadata: meta('app-config', 'default', ago(now, 2 * HOUR)), data: { LOG_LEVEL: 'info', FEATURE_FLAGS: 'search,checkout' } },
    // A made-up credential of this simulated cluster; kube-trace never shows Secret data (kubectl prints what it is asked to).
    { kind: 'Secret', apiVersion: 'v1', metadata: meta('db-credentials', 'default', ago(now, 2 * HOUR)), type: 'Opaque', data: { username: Buffer.from('app').toString('base64'), password: Buffer.from('sandbox-only-not-a-real-password').toString('base64') } },
    ...namespaces.map((ns): KubeObject => ({ kind: 'ServiceAccount', apiVersion: 'v1', metadata: meta('default', ns, ns === 'demo' || ns === 'empty' ? ago(now, 2 * HOUR) : born) })),
    { kind: 'ServiceAccount', apiVersion: 'v1', metadata: meta('coredns', 'kube-system', born) },
    { kind: 'ServiceAccount', apiVersion: 'v1', metadata: meta('kube-proxy', 'kube-system', born) },
  ];

  // demo's report pod is the one pod of Job report-28391520 (its ownerReference names this uid), run by CronJob report.
  const report: KubeObject = {
    kind: 'CronJob', apiVersion: 'batch/v1', metadata: meta('report', 'demo', ago(now, 2 * HOUR), { generation: 1 }),
    spec: { schedule: '*/40 * * * *', concurrencyPolicy: 'Allow', suspend: false, successfulJobsHistoryLimit: 3, failedJobsHistoryLimit: 1, jobTemplate: { spec: { template: { spec: { containers: [{ name: 'report', image: 'busybox:1.36', command: ['sh', '-c', 'echo done'] }], restartPolicy: 'Never' } } } } },
    status: { lastScheduleTime: ago(now, 40 * 60), lastSuccessfulTime: ago(now, 39 * 60) },
  };
  const jobUid = '4f0c2d56-7f0e-4d8b-9d7e-0a1b2c3d4e5f';
  objects.push(report, {
    kind: 'Job', apiVersion: 'batch/v1', metadata: { ...meta('report-28391520', 'demo', ago(now, 40 * 60), { generation: 1, labels: { 'batch.kubernetes.io/controller-uid': jobUid, 'batch.kubernetes.io/job-name': 'report-28391520', 'controller-uid': jobUid, 'job-name': 'report-28391520' }, ownerReferences: [owner('CronJob', 'batch/v1', report)] }), uid: jobUid },
    spec: { parallelism: 1, completions: 1, backoffLimit: 6, completionMode: 'NonIndexed', suspend: false, selector: { matchLabels: { 'batch.kubernetes.io/controller-uid': jobUid } }, template: { spec: { containers: [{ name: 'report', image: 'busybox:1.36', command: ['sh', '-c', 'echo done'] }], restartPolicy: 'Never' } } },
    status: { conditions: [{ type: 'Complete', status: 'True', lastProbeTime: ago(now, 39 * 60), lastTransitionTime: ago(now, 39 * 60) }], startTime: ago(now, 40 * 60), completionTime: ago(now, 39 * 60), succeeded: 1, ready: 0, terminating: 0 },
  });

  // Events as the kubelet, the scheduler and the job controller would have recorded them (core v1 Events).
  const event = (ns: string, involved: { kind: string; name: string; fieldPath?: string; apiVersion?: string }, type: string, reason: string, message: string, source: Record<string, string>, first: number, last: number, count: number): KubeObject => ({
    kind: 'Event', apiVersion: 'v1', metadata: meta(`${involved.name}.${(0x17d0c0de00000000n + BigInt(first) * 1_000_000_000n).toString(16)}`, ns, ago(now, first)),
    involvedObject: { kind: involved.kind, namespace: ns, name: involved.name, apiVersion: involved.apiVersion ?? 'v1', ...(involved.fieldPath ? { fieldPath: involved.fieldPath } : {}) },
    reason, message, source, firstTimestamp: ago(now, first), lastTimestamp: ago(now, last), count, type, eventTime: null, reportingComponent: source['component'] ?? '', reportingInstance: source['host'] ?? '',
  });
  objects.push(
    event('default', { kind: 'Pod', name: 'api-running', fieldPath: 'spec.containers{metrics}' }, 'Warning', 'BackOff', 'Back-off restarting failed container metrics in pod api-running_default', { component: 'kubelet', host: 'node-1' }, 30 * 60, 4 * 60 + 35, 2),
    event('demo', { kind: 'Pod', name: 'worker', fieldPath: 'spec.containers{worker}' }, 'Warning', 'BackOff', 'Back-off restarting failed container worker in pod worker_demo', { component: 'kubelet', host: 'node-1' }, 85 * 60, 3 * 60 + 23, 23),
    event('demo', { kind: 'Job', name: 'report-28391520', apiVersion: 'batch/v1' }, 'Normal', 'Completed', 'Job completed', { component: 'job-controller' }, 39 * 60, 39 * 60, 1),
  );

  // A CustomResourceDefinition and one custom resource, with printer columns.
  objects.push({
    kind: 'CustomResourceDefinition', apiVersion: 'apiextensions.k8s.io/v1', metadata: meta('backups.demo.kube-trace.dev', null, ago(now, 2 * HOUR), { generation: 1 }),
    spec: {
      group: 'demo.kube-trace.dev', scope: 'Namespaced',
      names: { plural: 'backups', singular: 'backup', kind: 'Backup', listKind: 'BackupList', shortNames: ['bk'] },
      versions: [{
        name: 'v1', served: true, storage: true,
        schema: { openAPIV3Schema: { type: 'object', properties: { spec: { type: 'object', properties: { schedule: { type: 'string' }, target: { type: 'string' }, retainDays: { type: 'integer' } } }, status: { type: 'object', properties: { phase: { type: 'string' }, lastRun: { type: 'string', format: 'date-time' } } } } } },
        subresources: { status: {} },
        additionalPrinterColumns: [
          { name: 'Target', type: 'string', jsonPath: '.spec.target' },
          { name: 'Schedule', type: 'string', jsonPath: '.spec.schedule' },
          { name: 'Retain', type: 'integer', jsonPath: '.spec.retainDays', description: 'Days a backup is kept' },
          { name: 'Phase', type: 'string', jsonPath: '.status.phase' },
          { name: 'Last Run', type: 'date', jsonPath: '.status.lastRun' },
          { name: 'Age', type: 'date', jsonPath: '.metadata.creationTimestamp' },
        ],
      }],
    },
    status: { acceptedNames: { plural: 'backups', singular: 'backup', kind: 'Backup', listKind: 'BackupList', shortNames: ['bk'] }, storedVersions: ['v1'] },
  }, {
    kind: 'Backup', apiVersion: 'demo.kube-trace.dev/v1', metadata: meta('redis-nightly', 'default', ago(now, 90 * 60), { generation: 1 }),
    spec: { schedule: '0 2 * * *', target: 'redis', retainDays: 7 },
    status: { phase: 'Succeeded', lastRun: ago(now, 35 * 60) },
  });

  const podOwners = new Map<string, Record<string, unknown>>([
    ['kube-system/coredns-5dd5756b68-4xkqz', owner('ReplicaSet', 'apps/v1', corednsRs)],
    ['kube-system/kube-proxy-7b9xw', owner('DaemonSet', 'apps/v1', kubeProxy)],
    ['kube-system/kube-proxy-q2m4d', owner('DaemonSet', 'apps/v1', kubeProxy)],
  ]);
  return { objects, podOwners };
}
