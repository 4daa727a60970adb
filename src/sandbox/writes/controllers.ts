// "What happens next" in the sandbox: the components that react to a write in a real cluster, reduced
// to what follows a pod's create and delete, and a namespace's create (kube-controller-manager's
// serviceaccount controller creates its ServiceAccount "default", without which no pod is admitted). A simulated scheduler binds a new pod to a node (the
// pods/binding write kube-scheduler makes, as system:kube-scheduler); a simulated kubelet on that node
// reports it Running (a pods/status write as system:node:<node>, field manager kubelet) and, when the
// pod is being deleted, confirms the end with a grace-0 delete, as the kubelet's status manager does.
// Each is a real write through the same write path and storage, so watchers get MODIFIED / DELETED
// events with new resourceVersions, and each has its own glass box record.
// They only act on what they see through the watch hub, never on a dry run.

import { randomUUID } from 'node:crypto';
import type { GlassBoxRecord } from '../../glassbox/types.js';
import type { GlassBoxLog } from '../glassbox-log.js';
import { podStatus } from '../objects.js';
import { decodeStored, type ResourceDef, type ResourceRegistry } from '../resources.js';
import { prefixEnd, type Storage } from '../storage/types.js';
import type { WritePath, WriteRequest } from './pipeline.js';
import { clone, obj, type Json, type JsonObject, str } from './values.js';
import type { WatchEvent, WatchHub } from './watch-hub.js';

export interface ControllerEnv {
  storage: Storage;
  hub: WatchHub;
  writes: WritePath;
  glass: GlassBoxLog;
  now: () => Date;
  /** The resources the sandbox serves (pods and serviceaccounts are what the controllers write). */
  resources: ResourceRegistry;
}

export class SandboxControllers {
  private readonly unsubscribe: () => void;
  private readonly unsubscribeNamespaces: () => void;
  private chain: Promise<void> = Promise.resolve();
  private stopped = false;

  private readonly pods: ResourceDef | undefined;
  private readonly serviceAccounts: ResourceDef | undefined;

  constructor(private readonly env: ControllerEnv) {
    this.pods = env.resources.find('', 'v1', 'pods');
    this.serviceAccounts = env.resources.find('', 'v1', 'serviceaccounts');
    this.unsubscribe = env.hub.subscribe('/registry/pods/', (e) => {
      // After the write that caused it has answered: one reaction at a time, in event order.
      this.queue(() => this.react(e));
    });
    this.unsubscribeNamespaces = env.hub.subscribe('/registry/namespaces/', (e) => {
      if (e.type === 'ADDED') this.queue(() => this.serviceAccountFor(e.object as JsonObject));
    });
  }

  private queue(fn: () => Promise<void>): void {
    this.chain = this.chain.then(() => new Promise<void>((resolve) => setImmediate(resolve))).then(() => (this.stopped ? undefined : fn())).catch(() => undefined);
  }

  private async serviceAccountFor(ns: JsonObject): Promise<void> {
    const SERVICE_ACCOUNTS = this.serviceAccounts;
    if (!SERVICE_ACCOUNTS) return;
    const namespace = str(obj(ns['metadata'])['name']);
    if ((await this.env.storage.range({ key: `/registry/serviceaccounts/${namespace}/default` })).kvs.length > 0) return;
    const user = { username: 'system:serviceaccount:kube-system:service-account-controller', groups: ['system:serviceaccounts', 'system:serviceaccounts:kube-system', 'system:authenticated'] };
    await this.write('POST', `/api/v1/namespaces/${namespace}/serviceaccounts`, user, {
      verb: 'create', def: SERVICE_ACCOUNTS, namespace, name: 'default', subresource: '', user,
      body: { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'default', namespace } }, fieldManager: 'kube-controller-manager', dryRun: false, strict: false,
    }, `the sandbox's serviceaccount controller created ServiceAccount default in ${namespace}`);
  }

  /** Resolves once every reaction has been written, including those the reactions caused (bind → start). */
  async idle(): Promise<void> {
    let seen: Promise<void>;
    do {
      seen = this.chain;
      await seen;
    } while (seen !== this.chain);
  }

  stop(): void {
    this.stopped = true;
    this.unsubscribe();
    this.unsubscribeNamespaces();
  }

  private async react(e: WatchEvent): Promise<void> {
    if (this.stopped || e.type === 'DELETED') return;
    const pod = e.object as JsonObject;
    const meta = obj(pod['metadata']);
    const spec = obj(pod['spec']);
    const status = obj(pod['status']);
    const nodeName = typeof spec['nodeName'] === 'string' ? spec['nodeName'] : '';
    if (meta['deletionTimestamp'] !== undefined) {
      // Once the grace period is 0 the apiserver removes the pod itself in the same request.
      if (nodeName && meta['deletionGracePeriodSeconds'] !== 0) await this.kubeletConfirmsDeletion(pod, nodeName);
      return;
    }
    if (!nodeName && (spec['schedulerName'] ?? 'default-scheduler') === 'default-scheduler') await this.schedule(pod);
    else if (nodeName && status['phase'] === 'Pending' && status['startTime'] === undefined) await this.kubeletStarts(pod, nodeName);
  }

  /** The first Ready node without a NoSchedule taint, workers before control-plane nodes. */
  private async pickNode(): Promise<JsonObject | undefined> {
    const res = await this.env.storage.range({ key: '/registry/minions/', rangeEnd: prefixEnd('/registry/minions/') });
    const nodes = res.kvs.map((kv) => decodeStored(kv.value, kv.modRevision) as JsonObject).filter((n) => {
      const ready = (obj(n['status'])['conditions'] as Json[] | undefined)?.some((c) => obj(c)['type'] === 'Ready' && obj(c)['status'] === 'True');
      const tainted = ((obj(n['spec'])['taints'] as Json[] | undefined) ?? []).some((t) => obj(t)['effect'] === 'NoSchedule');
      return ready && !tainted && obj(n['spec'])['unschedulable'] !== true;
    });
    const worker = nodes.find((n) => obj(obj(n['metadata'])['labels'])['node-role.kubernetes.io/control-plane'] === undefined);
    return worker ?? nodes[0];
  }

  private async schedule(pod: JsonObject): Promise<void> {
    const node = await this.pickNode();
    const PODS = this.pods;
    if (!node || !PODS) return;
    const nodeName = str(obj(node['metadata'])['name']);
    const meta = obj(pod['metadata']);
    const ns = str(meta['namespace']);
    const name = str(meta['name']);
    // BindingREST.Create: spec.nodeName and the PodScheduled condition, in one update of the pod.
    const bound = clone(pod);
    obj(bound['spec'])['nodeName'] = nodeName;
    const st = obj(bound['status']);
    st['conditions'] = [{ type: 'PodScheduled', status: 'True', lastProbeTime: null, lastTransitionTime: iso(this.env.now()) }];
    bound['status'] = { phase: st['phase'] ?? 'Pending', conditions: st['conditions'], qosClass: st['qosClass'] ?? 'BestEffort' };
    await this.write('POST', `/api/v1/namespaces/${ns}/pods/${name}/binding`, { username: 'system:kube-scheduler', groups: ['system:authenticated'] }, {
      verb: 'update', def: PODS, namespace: ns, name, subresource: 'binding', user: { username: 'system:kube-scheduler', groups: ['system:authenticated'] },
      body: bound, fieldManager: 'kube-scheduler', dryRun: false, strict: false,
    }, `the sandbox's scheduler bound ${ns}/${name} to ${nodeName}`);
  }

  private async kubeletStarts(pod: JsonObject, nodeName: string): Promise<void> {
    const PODS = this.pods;
    if (!PODS) return;
    const node = await this.env.storage.range({ key: `/registry/minions/${nodeName}` });
    const nodeObj = node.kvs[0] ? (JSON.parse(node.kvs[0].value) as JsonObject) : undefined;
    if (!nodeObj) return; // no kubelet on a node that does not exist
    const hostIP = str(obj(((obj(nodeObj['status'])['addresses'] as Json[] | undefined) ?? []).find((a) => obj(a)['type'] === 'InternalIP'))['address'], '');
    const cidr = str(obj(nodeObj['spec'])['podCIDR'], '10.244.0.0/24');
    const podIP = cidr.replace(/\.0\/\d+$/, `.${10 + Math.floor(Math.random() * 240)}`);
    const meta = obj(pod['metadata']);
    const ns = str(meta['namespace']);
    const name = str(meta['name']);
    const spec = obj(pod['spec']);
    const containers = (Array.isArray(spec['containers']) ? spec['containers'] : []).map((c) => ({ name: str(obj(c)['name']), image: str(obj(c)['image']), ready: true, state: { running: { startedAt: iso(this.env.now()) } } }));
    const status = podStatus({ phase: 'Running', started: this.env.now(), hostIP, podIP, ready: true, containers, qosClass: str(obj(pod['status'])['qosClass'], 'BestEffort') }) as JsonObject;
    const updated = { ...clone(pod), status };
    const user = { username: `system:node:${nodeName}`, groups: ['system:nodes', 'system:authenticated'] };
    await this.write('PUT', `/api/v1/namespaces/${ns}/pods/${name}/status`, user, {
      verb: 'update', def: PODS, namespace: ns, name, subresource: 'status', user, body: updated, fieldManager: 'kubelet', dryRun: false, strict: false,
    }, `the sandbox's kubelet on ${nodeName} started ${ns}/${name} and reported it Running`);
  }

  private async kubeletConfirmsDeletion(pod: JsonObject, nodeName: string): Promise<void> {
    const PODS = this.pods;
    if (!PODS) return;
    const meta = obj(pod['metadata']);
    const ns = str(meta['namespace']);
    const name = str(meta['name']);
    const user = { username: `system:node:${nodeName}`, groups: ['system:nodes', 'system:authenticated'] };
    await this.write('DELETE', `/api/v1/namespaces/${ns}/pods/${name}`, user, {
      verb: 'delete', def: PODS, namespace: ns, name, subresource: '', user, fieldManager: 'kubelet', dryRun: false,
      deleteOptions: { gracePeriodSeconds: 0, preconditions: { uid: str(meta['uid'], '') } },
    }, `the sandbox's kubelet on ${nodeName} stopped the containers of ${ns}/${name} and confirmed the deletion (grace period 0)`);
  }

  /** One component write through the write path, recorded in the glass box like a request. */
  private async write(method: string, path: string, user: { username: string; groups: string[] }, req: WriteRequest, summary: string): Promise<void> {
    const t0 = performance.now();
    const out = await this.env.writes.run(req);
    const rec: GlassBoxRecord = {
      auditId: randomUUID(),
      method,
      path,
      query: req.verb === 'delete' ? '' : `fieldManager=${req.fieldManager}`,
      receivedAt: this.env.now().toISOString(),
      steps: [
        { step: 'authentication', durationMs: 0, summary: `in-process: ${summary}; the real component would authenticate as ${user.username}` },
        ...out.admission.map((s) => ({ step: 'admission' as const, durationMs: s.durationMs, summary: `${s.phase} ${s.name}: ${s.verdict}` })),
        { step: 'storage', durationMs: 0, summary: out.write?.revision ? `revision ${out.write.revision}` : 'no write' },
      ],
      authentication: { authenticator: 'none', authenticated: true, user, detail: `the sandbox's own simulated component (${summary}); not an HTTPS request` },
      priorityAndFairness: null,
      // kube authorizes these with the Node authorizer (kubelet) and RBAC's system:kube-scheduler role; the sandbox's components are trusted in-process.
      authorization: null,
      storage: null,
      admission: out.admission,
      write: out.write,
      conversion: null,
      response: { status: out.status, bytes: 0 },
      totalMs: Math.round((performance.now() - t0) * 1000) / 1000,
    };
    this.env.glass.add(rec);
  }
}

function iso(d: Date): string {
  return d.toISOString().replace(/\.\d{3}Z$/, 'Z');
}
