// The server-side printers beyond pods, held to kube-apiserver's pkg/printers/internalversion/printers.go
// (v1.33, and the columns v1.28 lacks): the columns each kind's Table has, and the cells printers.go
// computes for objects chosen to walk its branches. No capture of these Tables exists (test/sandbox/
// kinds.test.ts holds the Deployment and ServiceAccount to the real server's kubectl output).

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { printTable, type PrintableResource } from '../../src/sandbox/printers/index.js';

const NOW = new Date('2026-12-01T12:00:00Z');
const at = (secondsAgo: number): string => new Date(NOW.getTime() - secondsAgo * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
const meta = (name: string, secondsAgo = 3600, extra: Record<string, unknown> = {}) => ({ name, namespace: 'default', creationTimestamp: at(secondsAgo), ...extra });

function table(resource: PrintableResource, obj: Record<string, unknown>, kubeMinor = 33): { columns: string[]; wide: string[]; cells: unknown[] } {
  const t = printTable(resource, [obj], { now: NOW, includeObject: 'None', kubeMinor }) as { columnDefinitions: { name: string; priority: number }[]; rows: { cells: unknown[] }[] };
  return { columns: t.columnDefinitions.filter((c) => c.priority === 0).map((c) => c.name), wide: t.columnDefinitions.filter((c) => c.priority > 0).map((c) => c.name), cells: t.rows[0]?.cells ?? [] };
}

const podTemplate = { spec: { containers: [{ name: 'web', image: 'nginx:1.27' }, { name: 'log', image: 'busybox:1.36' }], nodeSelector: { 'kubernetes.io/os': 'linux' } } };

describe('workloads', () => {
  it('Deployment: READY ready/desired, UP-TO-DATE and AVAILABLE as integers, the selector as a label selector string', () => {
    const t = table('deployments', { metadata: meta('web'), spec: { replicas: 3, selector: { matchLabels: { app: 'web' }, matchExpressions: [{ key: 'tier', operator: 'In', values: ['b', 'a'] }] }, template: podTemplate }, status: { readyReplicas: 2, updatedReplicas: 3, availableReplicas: 2 } });
    assert.deepEqual(t.columns, ['Name', 'Ready', 'Up-to-date', 'Available', 'Age']);
    assert.deepEqual(t.wide, ['Containers', 'Images', 'Selector']);
    assert.deepEqual(t.cells, ['web', '2/3', 3, 2, '60m', 'web,log', 'nginx:1.27,busybox:1.36', 'app=web,tier in (a,b)']);
  });

  it('Deployment without status (no controller ran): 0/desired, replicas defaulted to 1 when unset', () => {
    assert.deepEqual(table('deployments', { metadata: meta('web'), spec: { selector: { matchLabels: { app: 'web' } }, template: podTemplate }, status: {} }).cells.slice(0, 4), ['web', '0/1', 0, 0]);
  });

  it('ReplicaSet: DESIRED, CURRENT, READY; an empty selector prints <none>', () => {
    const t = table('replicasets', { metadata: meta('web-5d4f8b'), spec: { replicas: 2, selector: {}, template: podTemplate }, status: { replicas: 2, readyReplicas: 1 } });
    assert.deepEqual(t.columns, ['Name', 'Desired', 'Current', 'Ready', 'Age']);
    assert.deepEqual(t.cells, ['web-5d4f8b', 2, 2, 1, '60m', 'web,log', 'nginx:1.27,busybox:1.36', '<none>']);
  });

  it('DaemonSet: the five counts and NODE SELECTOR from the pod template', () => {
    const t = table('daemonsets', { metadata: meta('agent', 86400 * 3), spec: { selector: { matchExpressions: [{ key: 'app', operator: 'Exists' }, { key: 'legacy', operator: 'DoesNotExist' }] }, template: podTemplate }, status: { desiredNumberScheduled: 2, currentNumberScheduled: 2, numberReady: 1, updatedNumberScheduled: 2, numberAvailable: 1 } });
    assert.deepEqual(t.columns, ['Name', 'Desired', 'Current', 'Ready', 'Up-to-date', 'Available', 'Node Selector', 'Age']);
    assert.deepEqual(t.cells, ['agent', 2, 2, 1, 2, 1, 'kubernetes.io/os=linux', '3d', 'web,log', 'nginx:1.27,busybox:1.36', 'app,!legacy']);
  });

  it('StatefulSet: READY ready/desired', () => {
    const t = table('statefulsets', { metadata: meta('db'), spec: { replicas: 3, template: podTemplate }, status: { readyReplicas: 3 } });
    assert.deepEqual(t.columns, ['Name', 'Ready', 'Age']);
    assert.deepEqual(t.cells, ['db', '3/3', '60m', 'web,log', 'nginx:1.27,busybox:1.36']);
  });

  it('Job (v1.33): STATUS from the conditions, COMPLETIONS, DURATION from start to completion', () => {
    const job = { metadata: meta('report'), spec: { completions: 1, selector: { matchLabels: { 'batch.kubernetes.io/controller-uid': 'u1' } }, template: podTemplate }, status: { succeeded: 1, startTime: at(3600), completionTime: at(3540), conditions: [{ type: 'Complete', status: 'True' }] } };
    const t = table('jobs', job);
    assert.deepEqual(t.columns, ['Name', 'Status', 'Completions', 'Duration', 'Age']);
    assert.deepEqual(t.cells, ['report', 'Complete', '1/1', '60s', '60m', 'web,log', 'nginx:1.27,busybox:1.36', 'batch.kubernetes.io/controller-uid=u1']);
    const running = table('jobs', { metadata: meta('batch'), spec: { parallelism: 3, template: podTemplate }, status: { startTime: at(90) } });
    assert.deepEqual(running.cells.slice(0, 4), ['batch', 'Running', '0/1 of 3', '90s']);
    const suspended = table('jobs', { metadata: meta('held'), spec: { template: podTemplate }, status: { conditions: [{ type: 'Suspended', status: 'True' }] } });
    assert.deepEqual(suspended.cells.slice(0, 4), ['held', 'Suspended', '0/1', '']);
  });

  it('Job and CronJob (v1.28): no STATUS column, no TIMEZONE column (both new in v1.30)', () => {
    const job = table('jobs', { metadata: meta('report'), spec: { completions: 2, template: podTemplate }, status: { succeeded: 1, startTime: at(30) } }, 28);
    assert.deepEqual(job.columns, ['Name', 'Completions', 'Duration', 'Age']);
    assert.deepEqual(job.cells.slice(0, 4), ['report', '1/2', '30s', '60m']);
    const cj = table('cronjobs', { metadata: meta('nightly'), spec: { schedule: '0 3 * * *', suspend: false, jobTemplate: { spec: { template: podTemplate } } }, status: {} }, 28);
    assert.deepEqual(cj.columns, ['Name', 'Schedule', 'Suspend', 'Active', 'Last Schedule', 'Age']);
    assert.deepEqual(cj.cells.slice(0, 6), ['nightly', '0 3 * * *', 'False', 0, '<none>', '60m']);
  });

  it('CronJob (v1.33): TIMEZONE, SUSPEND as True/False/<unset>, ACTIVE count, LAST SCHEDULE age', () => {
    const t = table('cronjobs', { metadata: meta('nightly'), spec: { schedule: '0 3 * * *', timeZone: 'Europe/Berlin', suspend: true, jobTemplate: { spec: { template: podTemplate } } }, status: { active: [{ name: 'a' }], lastScheduleTime: at(300) } });
    assert.deepEqual(t.columns, ['Name', 'Schedule', 'Timezone', 'Suspend', 'Active', 'Last Schedule', 'Age']);
    assert.deepEqual(t.cells, ['nightly', '0 3 * * *', 'Europe/Berlin', 'True', 1, '5m', '60m', 'web,log', 'nginx:1.27,busybox:1.36', '<none>']);
    assert.deepEqual(table('cronjobs', { metadata: meta('x'), spec: { schedule: '@daily', jobTemplate: {} } }).cells.slice(2, 4), ['<none>', '<unset>']);
  });
});

describe('services, networking, configuration, events, storage', () => {
  it('Service: TYPE, CLUSTER-IP (first of clusterIPs), EXTERNAL-IP by type, PORT(S) with node ports, SELECTOR', () => {
    const t = table('services', { metadata: meta('web'), spec: { type: 'NodePort', clusterIP: '10.96.0.20', clusterIPs: ['10.96.0.20'], ports: [{ port: 80, nodePort: 30080, protocol: 'TCP' }, { port: 53, protocol: 'UDP' }], selector: { app: 'web' } } });
    assert.deepEqual(t.columns, ['Name', 'Type', 'Cluster-IP', 'External-IP', 'Port(s)', 'Age']);
    assert.deepEqual(t.cells, ['web', 'NodePort', '10.96.0.20', '<none>', '80:30080/TCP,53/UDP', '60m', 'app=web']);
    const lb = table('services', { metadata: meta('lb'), spec: { type: 'LoadBalancer', clusterIPs: ['10.96.0.21'], ports: [] }, status: { loadBalancer: {} } });
    assert.deepEqual(lb.cells.slice(1, 5), ['LoadBalancer', '10.96.0.21', '<pending>', '<none>']);
    const lbIP = table('services', { metadata: meta('lb'), spec: { type: 'LoadBalancer', clusterIPs: ['10.96.0.21'], externalIPs: ['1.2.3.4'] }, status: { loadBalancer: { ingress: [{ hostname: 'lb.example.com' }, { ip: '203.0.113.9' }] } } });
    assert.equal(lbIP.cells[3], '203.0.113.9,lb.example.com,1.2.3.4');
    const ext = table('services', { metadata: meta('ext'), spec: { type: 'ExternalName', externalName: 'db.example.com' } });
    assert.deepEqual(ext.cells.slice(2, 4), ['<none>', 'db.example.com']);
  });

  it('Ingress: CLASS, HOSTS (three, then "+ N more..."), ADDRESS, PORTS 80 or "80, 443" with TLS', () => {
    const rules = ['a.example', 'b.example', 'c.example', 'd.example', ''].map((host) => ({ host }));
    const t = table('ingresses', { metadata: meta('web'), spec: { ingressClassName: 'nginx', rules, tls: [{ hosts: ['a.example'] }] }, status: { loadBalancer: { ingress: [{ ip: '10.0.0.5' }] } } });
    assert.deepEqual(t.columns, ['Name', 'Class', 'Hosts', 'Address', 'Ports', 'Age']);
    assert.deepEqual(t.cells, ['web', 'nginx', 'a.example,b.example,c.example + 2 more...', '10.0.0.5', '80, 443', '60m']);
    assert.deepEqual(table('ingresses', { metadata: meta('any'), spec: {} }).cells.slice(1, 5), ['<none>', '*', '', '80']);
  });

  it('ConfigMap: DATA counts data and binaryData keys; Secret: TYPE and DATA, never a value', () => {
    const cm = table('configmaps', { metadata: meta('app-config'), data: { a: '1', b: '2' }, binaryData: { c: 'AA==' } });
    assert.deepEqual(cm.columns, ['Name', 'Data', 'Age']);
    assert.deepEqual(cm.cells, ['app-config', 3, '60m']);
    const secret = table('secrets', { metadata: meta('db-password'), type: 'Opaque', data: { password: 'aHVudGVyMg==' } });
    assert.deepEqual(secret.columns, ['Name', 'Type', 'Data', 'Age']);
    assert.deepEqual(secret.cells, ['db-password', 'Opaque', 1, '60m']);
  });

  it('ServiceAccount: SECRETS counts the secrets listed', () => {
    assert.deepEqual(table('serviceaccounts', { metadata: meta('default', 0) }).cells, ['default', 0, '0s']);
    assert.deepEqual(table('serviceaccounts', { metadata: meta('builder'), secrets: [{ name: 'builder-token' }] }).cells, ['builder', 1, '60m']);
  });

  it('Event: the wide cells in the server\'s order; LAST SEEN falls back to FIRST SEEN; count 1 for a singleton', () => {
    const ev = { metadata: meta('web.1'), involvedObject: { kind: 'Pod', name: 'web', fieldPath: 'spec.containers{web}' }, reason: 'Pulled', message: ' Container image "nginx:1.27" already present on machine \n', source: { component: 'kubelet', host: 'node-1' }, firstTimestamp: at(600), lastTimestamp: at(120), count: 3, type: 'Normal' };
    const t = table('events', ev);
    assert.deepEqual(t.columns, ['Last Seen', 'Type', 'Reason', 'Object', 'Message']);
    assert.deepEqual(t.wide, ['Subobject', 'Source', 'First Seen', 'Count', 'Name']);
    assert.deepEqual(t.cells, ['2m', 'Normal', 'Pulled', 'pod/web', 'spec.containers{web}', 'kubelet, node-1', 'Container image "nginx:1.27" already present on machine', '10m', 3, 'web.1']);
    const single = table('events', { metadata: meta('x'), involvedObject: { kind: 'Node' }, reportingComponent: 'scheduler', eventTime: at(45), type: 'Warning', reason: 'X' });
    assert.deepEqual(single.cells, ['45s', 'Warning', 'X', 'node', '', 'scheduler', '', '45s', 1, 'x']);
  });

  it('PersistentVolumeClaim: capacity and access modes once bound; VOLUMEATTRIBUTESCLASS from v1.29', () => {
    const pvc = { metadata: meta('data'), spec: { volumeName: 'pv-1', storageClassName: 'standard', resources: { requests: { storage: '1Gi' } } }, status: { phase: 'Bound', capacity: { storage: '10Gi' }, accessModes: ['ReadWriteMany', 'ReadWriteOnce'] } };
    const t = table('persistentvolumeclaims', pvc);
    assert.deepEqual(t.columns, ['Name', 'Status', 'Volume', 'Capacity', 'Access Modes', 'StorageClass', 'VolumeAttributesClass', 'Age']);
    assert.deepEqual(t.cells, ['data', 'Bound', 'pv-1', '10Gi', 'RWO,RWX', 'standard', '<unset>', '60m', '<unset>']);
    const pending = table('persistentvolumeclaims', { metadata: meta('new'), spec: { storageClassName: 'standard' }, status: { phase: 'Pending' } }, 28);
    assert.deepEqual(pending.columns, ['Name', 'Status', 'Volume', 'Capacity', 'Access Modes', 'StorageClass', 'Age']);
    assert.deepEqual(pending.cells, ['new', 'Pending', '', '', '', 'standard', '60m', '<unset>']);
  });

  it('RoleBinding: ROLE kind/name; users, groups and service accounts in the wide cells', () => {
    const t = table('rolebindings', { metadata: meta('viewer-pod-reader'), roleRef: { kind: 'Role', name: 'pod-reader' }, subjects: [{ kind: 'User', name: 'viewer' }, { kind: 'Group', name: 'devs' }, { kind: 'ServiceAccount', name: 'ci', namespace: 'build' }, { kind: 'User', name: 'jane' }] });
    assert.deepEqual(t.columns, ['Name', 'Role', 'Age']);
    assert.deepEqual(t.cells, ['viewer-pod-reader', 'Role/pod-reader', '60m', 'viewer, jane', 'devs', 'build/ci']);
  });
});

describe('the row object', () => {
  it('includeObject=Object names the kind and apiVersion the registry gives (apps/v1 Deployment)', () => {
    const t = printTable('deployments', [{ metadata: meta('web'), spec: {} }], { now: NOW, includeObject: 'Object', kubeMinor: 33, typeMeta: { kind: 'Deployment', apiVersion: 'apps/v1' } }) as { rows: { object: Record<string, unknown> }[] };
    assert.equal(t.rows[0]?.object['kind'], 'Deployment');
    assert.equal(t.rows[0]?.object['apiVersion'], 'apps/v1');
  });
});
