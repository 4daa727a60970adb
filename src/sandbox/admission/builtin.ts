// The built-in mutating admission plugins a write in the sandbox meets, as in kube-apiserver v1.33
// (plugin/pkg/admission/...): NamespaceLifecycle, ServiceAccount, Priority, DefaultTolerationSeconds.
// Other default plugins (LimitRanger, TaintNodesByCondition, RuntimeClass, …) have nothing to act on
// in the sandbox (no LimitRange, RuntimeClass, …), so they are not listed as having run.

import { forbidden, notFound } from '../writes/errors.js';
import { isObject, obj, type JsonObject } from '../writes/values.js';
import type { AdmissionAttributes, AdmissionPlugin } from './types.js';
import { TOKEN_MOUNT, kubeApiAccessMount, kubeApiAccessVolume } from '../service-account-token.js';

const isPod = (a: AdmissionAttributes): boolean => a.def.resource === 'pods' && a.def.group === '' && a.subresource === '';

export const namespaceLifecycle: AdmissionPlugin = {
  name: 'NamespaceLifecycle',
  handles: (a) => a.def.namespaced && a.namespace !== '' && a.operation === 'CREATE',
  async admit(a) {
    const ns = await a.get(`/registry/namespaces/${a.namespace}`);
    if (!ns) throw notFound('namespaces', '', a.namespace);
    if (obj(ns['status'])['phase'] === 'Terminating') {
      throw forbidden(a.def.resource, a.def.group, a.name, `unable to create new content in namespace ${a.namespace} because it is being terminated`);
    }
    return undefined;
  },
};

/** kube's utilrand.String alphabet (no vowels, no look-alikes), as generateName uses it. */
function randomSuffix(n: number): string {
  const alphabet = 'bcdfghjklmnpqrstvwxz2456789';
  let s = '';
  for (let i = 0; i < n; i++) s += alphabet.charAt(Math.floor(Math.random() * alphabet.length));
  return s;
}

export const serviceAccount: AdmissionPlugin = {
  name: 'ServiceAccount',
  handles: (a) => isPod(a) && a.operation === 'CREATE',
  async admit(a) {
    const pod = a.object as JsonObject;
    const spec = (pod['spec'] = obj(pod['spec']));
    if (typeof spec['serviceAccountName'] !== 'string' || spec['serviceAccountName'] === '') spec['serviceAccountName'] = 'default';
    const saName = spec['serviceAccountName'];
    const sa = await a.get(`/registry/serviceaccounts/${a.namespace}/${saName}`);
    if (!sa) throw forbidden('pods', '', a.name, `error looking up service account ${a.namespace}/${saName}: serviceaccount "${saName}" not found`);
    // The deprecated alias, filled from serviceAccountName when the pod is converted to v1.
    spec['serviceAccount'] = saName;
    const automount = spec['automountServiceAccountToken'] ?? sa['automountServiceAccountToken'] ?? true;
    const containers = ['initContainers', 'containers'].flatMap((k) => (Array.isArray(spec[k]) ? (spec[k]) : [])).filter(isObject);
    const mounted = containers.some((c) => Array.isArray(c['volumeMounts']) && c['volumeMounts'].some((m) => obj(m)['mountPath'] === TOKEN_MOUNT));
    if (automount === false || mounted) return { note: `serviceaccount ${a.namespace}/${saName} exists; no token volume (${mounted ? 'one is mounted already' : 'automountServiceAccountToken is false'})` };
    const volume = `kube-api-access-${randomSuffix(5)}`;
    const volumes = Array.isArray(spec['volumes']) ? spec['volumes'] : [];
    spec['volumes'] = [...volumes, kubeApiAccessVolume(volume)];
    for (const c of containers) c['volumeMounts'] = [...(Array.isArray(c['volumeMounts']) ? c['volumeMounts'] : []), kubeApiAccessMount(volume)];
    return { note: `serviceaccount ${a.namespace}/${saName} exists; token volume ${volume} added` };
  },
};

export const priority: AdmissionPlugin = {
  name: 'Priority',
  handles: (a) => isPod(a) && a.operation === 'CREATE',
  admit(a) {
    const spec = obj((a.object as JsonObject)['spec']);
    const cls = spec['priorityClassName'];
    if (typeof cls === 'string' && cls !== '') {
      // The two system classes are built in; the sandbox stores no PriorityClass objects.
      const builtin: Record<string, number> = { 'system-cluster-critical': 2000000000, 'system-node-critical': 2000001000 };
      if (builtin[cls] === undefined) return Promise.reject(forbidden('pods', '', a.name, `no PriorityClass with name ${cls} was found`));
      spec['priority'] = builtin[cls];
    } else {
      // No PriorityClass is marked globalDefault: priority 0.
      spec['priority'] ??= 0;
    }
    spec['preemptionPolicy'] ??= 'PreemptLowerPriority';
    return Promise.resolve(undefined);
  },
};

export const defaultTolerationSeconds: AdmissionPlugin = {
  name: 'DefaultTolerationSeconds',
  handles: (a) => isPod(a) && a.operation === 'CREATE',
  admit(a) {
    const spec = obj((a.object as JsonObject)['spec']);
    const tolerations = Array.isArray(spec['tolerations']) ? [...spec['tolerations']] : [];
    for (const key of ['node.kubernetes.io/not-ready', 'node.kubernetes.io/unreachable']) {
      const has = tolerations.some((t) => {
        const o = obj(t);
        return (o['key'] === key || (o['operator'] === 'Exists' && o['key'] === undefined)) && (o['effect'] === 'NoExecute' || o['effect'] === undefined);
      });
      if (!has) tolerations.push({ key, operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 });
    }
    spec['tolerations'] = tolerations;
    return Promise.resolve(undefined);
  },
};

/** The mutating chain, in the order kube-apiserver v1.33 registers it (of the plugins that act here). */
export const MUTATING: readonly AdmissionPlugin[] = [namespaceLifecycle, serviceAccount, priority, defaultTolerationSeconds];
