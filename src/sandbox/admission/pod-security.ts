// PodSecurity admission (k8s.io/pod-security-admission, v1.33): the namespace's
// pod-security.kubernetes.io/enforce level refuses a pod that violates it (403), warn adds Warning
// headers. The checks of the Pod Security Standards ("latest"), with the policy's words: each check
// that fails contributes "<reason> (<detail>)", in the order of the library's check list.

import { forbidden } from '../writes/errors.js';
import { isObject, obj, type Json, type JsonObject, str } from '../writes/values.js';
import type { AdmissionPlugin } from './types.js';

type Level = 'privileged' | 'baseline' | 'restricted';

interface Container {
  name: string;
  sc: JsonObject;
  raw: JsonObject;
}

function containersOf(spec: JsonObject): Container[] {
  return ['initContainers', 'containers', 'ephemeralContainers'].flatMap((k) => (Array.isArray(spec[k]) ? (spec[k]) : [])).filter(isObject).map((c) => ({ name: str(c['name'], ''), sc: obj(c['securityContext']), raw: c }));
}

/** `container "a"` or `containers "a", "b"`. */
function names(cs: Container[], prefix = ''): string {
  const q = cs.map((c) => JSON.stringify(c.name)).join(', ');
  return `${prefix}${cs.length === 1 ? 'container' : 'containers'} ${q}`;
}

type Check = { level: Level; run(spec: JsonObject, cs: Container[]): string | null };

const DEFAULT_CAPS = ['AUDIT_WRITE', 'CHOWN', 'DAC_OVERRIDE', 'FOWNER', 'FSETID', 'KILL', 'MKNOD', 'NET_BIND_SERVICE', 'SETFCAP', 'SETGID', 'SETPCAP', 'SETUID', 'SYS_CHROOT'];

const CHECKS: Check[] = [
  { level: 'baseline', run(spec) {
    const on = ['hostNetwork', 'hostPID', 'hostIPC'].filter((k) => spec[k] === true);
    return on.length ? `host namespaces (${on.map((k) => `${k}=true`).join(', ')})` : null;
  } },
  { level: 'baseline', run(_s, cs) {
    const bad = cs.filter((c) => c.sc['privileged'] === true);
    return bad.length ? `privileged (${names(bad)} must not set securityContext.privileged=true)` : null;
  } },
  { level: 'baseline', run(_s, cs) {
    const bad = cs.filter((c) => (obj(c.sc['capabilities'])['add'] as Json[] | undefined)?.some((x) => !DEFAULT_CAPS.includes(str(x))));
    if (!bad.length) return null;
    const added = [...new Set(bad.flatMap((c) => ((obj(c.sc['capabilities'])['add'] as Json[] | undefined) ?? []).map(String).filter((x) => !DEFAULT_CAPS.includes(x))))];
    return `non-default capabilities (${names(bad)} must not include ${added.map((x) => JSON.stringify(x)).join(', ')} in securityContext.capabilities.add)`;
  } },
  { level: 'baseline', run(spec) {
    const vols = (Array.isArray(spec['volumes']) ? spec['volumes'] : []).filter((v) => isObject(obj(v)['hostPath'])).map((v) => str(obj(v)['name']));
    return vols.length ? `hostPath volumes (${vols.length === 1 ? 'volume' : 'volumes'} ${vols.map((v) => JSON.stringify(v)).join(', ')})` : null;
  } },
  { level: 'baseline', run(_s, cs) {
    const bad = cs.filter((c) => Array.isArray(c.raw['ports']) && c.raw['ports'].some((p) => Number(obj(p)['hostPort'] ?? 0) !== 0));
    if (!bad.length) return null;
    const ports = bad.flatMap((c) => (c.raw['ports'] as Json[]).map((p) => Number(obj(p)['hostPort'] ?? 0)).filter((n) => n !== 0));
    return `hostPort (${names(bad)} ${ports.length === 1 ? 'uses hostPort' : 'use hostPorts'} ${ports.join(', ')})`;
  } },
  { level: 'baseline', run(spec, cs) {
    const unconfined = (sc: JsonObject): boolean => obj(sc['seccompProfile'])['type'] === 'Unconfined';
    const bad = cs.filter((c) => unconfined(c.sc));
    if (unconfined(obj(spec['securityContext']))) return 'seccompProfile (pod must not set securityContext.seccompProfile.type to "Unconfined")';
    return bad.length ? `seccompProfile (${names(bad)} must not set securityContext.seccompProfile.type to "Unconfined")` : null;
  } },
  { level: 'restricted', run(_s, cs) {
    const bad = cs.filter((c) => c.sc['allowPrivilegeEscalation'] !== false);
    return bad.length ? `allowPrivilegeEscalation != false (${names(bad)} must set securityContext.allowPrivilegeEscalation=false)` : null;
  } },
  { level: 'restricted', run(_s, cs) {
    const noDrop = cs.filter((c) => !((obj(c.sc['capabilities'])['drop'] as Json[] | undefined) ?? []).includes('ALL'));
    const adds = cs.filter((c) => ((obj(c.sc['capabilities'])['add'] as Json[] | undefined) ?? []).some((x) => x !== 'NET_BIND_SERVICE'));
    const parts: string[] = [];
    if (noDrop.length) parts.push(`${names(noDrop)} must set securityContext.capabilities.drop=["ALL"]`);
    if (adds.length) {
      const added = [...new Set(adds.flatMap((c) => ((obj(c.sc['capabilities'])['add'] as Json[] | undefined) ?? []).map(String).filter((x) => x !== 'NET_BIND_SERVICE')))];
      parts.push(`${names(adds)} must not include ${added.map((x) => JSON.stringify(x)).join(', ')} in securityContext.capabilities.add`);
    }
    return parts.length ? `unrestricted capabilities (${parts.join('; ')})` : null;
  } },
  { level: 'restricted', run(spec, cs) {
    const podSet = obj(spec['securityContext'])['runAsNonRoot'];
    if (podSet === false) return 'runAsNonRoot != true (pod must not set securityContext.runAsNonRoot=false)';
    const bad = cs.filter((c) => c.sc['runAsNonRoot'] === false || (c.sc['runAsNonRoot'] !== true && podSet !== true));
    return bad.length ? `runAsNonRoot != true (pod or ${names(bad)} must set securityContext.runAsNonRoot=true)` : null;
  } },
  { level: 'restricted', run(spec, cs) {
    const bad = cs.filter((c) => c.sc['runAsUser'] === 0);
    if (obj(spec['securityContext'])['runAsUser'] === 0) return 'runAsUser=0 (pod must not set runAsUser=0)';
    return bad.length ? `runAsUser=0 (${names(bad)} must not set runAsUser=0)` : null;
  } },
  { level: 'restricted', run(spec, cs) {
    const ok = (sc: JsonObject): boolean => ['RuntimeDefault', 'Localhost'].includes(str(obj(sc['seccompProfile'])['type'], ''));
    const podOk = ok(obj(spec['securityContext']));
    const bad = cs.filter((c) => !ok(c.sc) && !(podOk && c.sc['seccompProfile'] === undefined));
    return bad.length ? `seccompProfile (pod or ${names(bad)} must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost")` : null;
  } },
];

const RANK: Record<Level, number> = { privileged: 0, baseline: 1, restricted: 2 };

/** The violations of `level` by a pod spec, in the policy's words. */
export function violations(spec: JsonObject, level: Level): string[] {
  const cs = containersOf(spec);
  return CHECKS.filter((c) => RANK[c.level] <= RANK[level]).map((c) => c.run(spec, cs)).filter((x): x is string => x !== null);
}

function levelOf(v: unknown): Level | null {
  return v === 'privileged' || v === 'baseline' || v === 'restricted' ? v : null;
}

export const podSecurity: AdmissionPlugin = {
  name: 'PodSecurity',
  handles: (a) => a.def.resource === 'pods' && a.def.group === '' && a.subresource === '' && (a.operation === 'CREATE' || a.operation === 'UPDATE'),
  async admit(a) {
    const ns = await a.get(`/registry/namespaces/${a.namespace}`);
    const labels = obj(obj(ns?.['metadata'])['labels']);
    const spec = obj((a.object as JsonObject)['spec']);
    // An update is checked only when it changes the pod's spec (the library exempts metadata-only updates).
    if (a.operation === 'UPDATE' && JSON.stringify(spec) === JSON.stringify(obj(a.oldObject?.['spec']))) return { note: 'an update that leaves the spec alone is not checked' };
    const enforce = levelOf(labels['pod-security.kubernetes.io/enforce']);
    const version = str(labels['pod-security.kubernetes.io/enforce-version'], 'latest');
    const warn = levelOf(labels['pod-security.kubernetes.io/warn']);
    if (warn && warn !== 'privileged') {
      const v = violations(spec, warn);
      if (v.length) a.warnings.push(`would violate PodSecurity "${warn}:${str(labels['pod-security.kubernetes.io/warn-version'], 'latest')}": ${v.join(', ')}`);
    }
    if (!enforce || enforce === 'privileged') return { note: enforce ? 'namespace enforces privileged: everything is allowed' : `namespace ${a.namespace} has no pod-security.kubernetes.io/enforce label (privileged)` };
    const v = violations(spec, enforce);
    if (v.length) throw forbidden('pods', '', a.name, `violates PodSecurity "${enforce}:${version}": ${v.join(', ')}`);
    return { note: `meets ${enforce}:${version}` };
  },
};
