// Ports of printService, printIngress, printConfigMap, printSecret, printServiceAccount, printEvent,
// printPersistentVolumeClaim, printEndpoints, printRoleBinding and printClusterRoleBinding from kubernetes
// pkg/printers/internalversion/printers.go (as of v1.33), with the server's wide cells. A Secret's row
// holds its type and how many keys its data has, never a value.

import { ageOf, arr, formatLabelMap, int, nameOf, rec, sortedSet, str, type Json } from './cells.js';
import type { AnyRow } from './shapes.js';
import { parseInstant, translateTimestampSince, type Instant } from './timestamp.js';
import type { RowContext } from './workloads.js';

/** loadBalancerStatusStringer / ingressLoadBalancerStatusStringer with wide=true: the server never clips to loadBalancerWidth (16). */
function loadBalancerIngress(status: unknown): string {
  const out: string[] = [];
  for (const i of arr(rec(rec(status)['loadBalancer'])['ingress']).map(rec)) {
    if (str(i['ip'])) out.push(str(i['ip']));
    else if (str(i['hostname'])) out.push(str(i['hostname']));
  }
  return sortedSet(out).join(',');
}

function serviceExternalIP(svc: Json): string {
  const spec = rec(svc['spec']);
  const external = arr(spec['externalIPs']).map(str);
  switch (str(spec['type'])) {
    case 'ClusterIP':
    case 'NodePort':
      return external.length > 0 ? external.join(',') : '<none>';
    case 'LoadBalancer': {
      const lb = loadBalancerIngress(svc['status']);
      if (external.length > 0) return [...(lb ? lb.split(',') : []), ...external].join(',');
      return lb || '<pending>';
    }
    case 'ExternalName':
      return str(spec['externalName']);
  }
  return '<unknown>';
}

export function printService(svc: Json, ctx: RowContext): AnyRow {
  const spec = rec(svc['spec']);
  const clusterIPs = arr(spec['clusterIPs']).map(str);
  const ports = arr(spec['ports']).map(rec).map((p) => (int(p['nodePort']) > 0 ? `${int(p['port'])}:${int(p['nodePort'])}/${str(p['protocol'])}` : `${int(p['port'])}/${str(p['protocol'])}`)).join(',');
  return { cells: [nameOf(svc), str(spec['type']), clusterIPs[0] ?? '<none>', serviceExternalIP(svc), ports || '<none>', ageOf(svc, ctx.nowMs), formatLabelMap(spec['selector'])] };
}

export function printIngress(ing: Json, ctx: RowContext): AnyRow {
  const spec = rec(ing['spec']);
  const rules = arr(spec['rules']).map(rec);
  // formatHosts: up to three hosts, then "+ N more..."; "*" when no rule names a host.
  const list: string[] = [];
  let more = false;
  for (const r of rules) {
    if (list.length === 3) more = true;
    if (!more && str(r['host'])) list.push(str(r['host']));
  }
  const hosts = list.length === 0 ? '*' : more ? `${list.join(',')} + ${rules.length - 3} more...` : list.join(',');
  const className = typeof spec['ingressClassName'] === 'string' ? spec['ingressClassName'] : '<none>';
  const ports = arr(spec['tls']).length > 0 ? '80, 443' : '80';
  return { cells: [nameOf(ing), className, hosts, loadBalancerIngress(ing['status']), ports, ageOf(ing, ctx.nowMs)] };
}

export function printConfigMap(cm: Json, ctx: RowContext): AnyRow {
  return { cells: [nameOf(cm), Object.keys(rec(cm['data'])).length + Object.keys(rec(cm['binaryData'])).length, ageOf(cm, ctx.nowMs)] };
}

export function printSecret(secret: Json, ctx: RowContext): AnyRow {
  return { cells: [nameOf(secret), str(secret['type']), Object.keys(rec(secret['data'])).length, ageOf(secret, ctx.nowMs)] };
}

export function printServiceAccount(sa: Json, ctx: RowContext): AnyRow {
  return { cells: [nameOf(sa), arr(sa['secrets']).length, ageOf(sa, ctx.nowMs)] };
}

export function printEndpoints(ep: Json, ctx: RowContext): AnyRow {
  // formatEndpoints(endpoints, nil): up to three addresses (host:port per port), then "+ N more...".
  const subsets = arr(ep['subsets']).map(rec);
  let text = '<none>';
  if (subsets.length > 0) {
    const list: string[] = [];
    let more = false;
    let count = 0;
    for (const ss of subsets) {
      const addresses = arr(ss['addresses']).map(rec);
      const ports = arr(ss['ports']).map(rec);
      const each = ports.length === 0 ? [null] : ports;
      for (const port of each) {
        count += addresses.length;
        for (const a of addresses) {
          if (list.length === 3) {
            more = true;
            break;
          }
          const ip = str(a['ip']);
          list.push(port === null ? ip : `${ip.includes(':') ? `[${ip}]` : ip}:${int(port['port'])}`);
        }
      }
    }
    text = more ? `${list.join(',')} + ${count - 3} more...` : list.join(',');
  }
  return { cells: [nameOf(ep), text, ageOf(ep, ctx.nowMs)] };
}

/** rbac.SubjectsStrings: users, groups and "namespace/name" service accounts, each joined with ", ". */
function subjects(binding: Json): [string, string, string] {
  const users: string[] = [];
  const groups: string[] = [];
  const sas: string[] = [];
  for (const s of arr(binding['subjects']).map(rec)) {
    if (s['kind'] === 'User') users.push(str(s['name']));
    else if (s['kind'] === 'Group') groups.push(str(s['name']));
    else if (s['kind'] === 'ServiceAccount') sas.push(`${str(s['namespace'])}/${str(s['name'])}`);
  }
  return [users.join(', '), groups.join(', '), sas.join(', ')];
}

export function printRoleBinding(b: Json, ctx: RowContext): AnyRow {
  const ref = rec(b['roleRef']);
  return { cells: [nameOf(b), `${str(ref['kind'])}/${str(ref['name'])}`, ageOf(b, ctx.nowMs), ...subjects(b)] };
}

const ACCESS_MODES: [string, string][] = [['ReadWriteOnce', 'RWO'], ['ReadOnlyMany', 'ROX'], ['ReadWriteMany', 'RWX'], ['ReadWriteOncePod', 'RWOP']];

/** helper.GetAccessModesAsString: the short forms in that fixed order. */
function accessModes(modes: unknown): string {
  const have = arr(modes).map(str);
  return ACCESS_MODES.filter(([m]) => have.includes(m)).map(([, s]) => s).join(',');
}

export function printPersistentVolumeClaim(pvc: Json, ctx: RowContext): AnyRow {
  const spec = rec(pvc['spec']);
  const status = rec(pvc['status']);
  const phase = rec(pvc['metadata'])['deletionTimestamp'] ? 'Terminating' : str(status['phase']);
  const volumeName = str(spec['volumeName']);
  // Capacity and access modes are shown once the claim is bound to a volume; the quantity as stored.
  const capacity = volumeName ? str(rec(status['capacity'])['storage']) : '';
  const modes = volumeName ? accessModes(status['accessModes']) : '';
  // helper.GetPersistentVolumeClaimClass: the beta annotation wins over spec.storageClassName.
  const annotations = rec(rec(pvc['metadata'])['annotations']);
  const cls = typeof annotations['volume.beta.kubernetes.io/storage-class'] === 'string' ? annotations['volume.beta.kubernetes.io/storage-class'] : str(spec['storageClassName']);
  const vac = typeof spec['volumeAttributesClassName'] === 'string' ? spec['volumeAttributesClassName'] : '<unset>';
  const volumeMode = typeof spec['volumeMode'] === 'string' ? spec['volumeMode'] : '<unset>';
  const age = ageOf(pvc, ctx.nowMs);
  if (ctx.kubeMinor < 29) return { cells: [nameOf(pvc), phase, volumeName, capacity, modes, cls, age, volumeMode] };
  return { cells: [nameOf(pvc), phase, volumeName, capacity, modes, cls, vac, age, volumeMode] };
}

function since(t: Instant, nowMs: number): string {
  return translateTimestampSince(t, nowMs);
}

export function printEvent(ev: Json, ctx: RowContext): AnyRow {
  const first = parseInstant(ev['firstTimestamp']);
  const firstText = first === null ? since(parseInstant(ev['eventTime']), ctx.nowMs) : since(first, ctx.nowMs);
  const last = parseInstant(ev['lastTimestamp']);
  let lastText = last === null ? firstText : since(last, ctx.nowMs);
  let count = int(ev['count']);
  const series = ev['series'];
  if (series !== undefined && series !== null) {
    lastText = since(parseInstant(rec(series)['lastObservedTime']), ctx.nowMs);
    count = int(rec(series)['count']);
  } else if (count === 0) count = 1; // singleton events of the new API have no count
  const io = rec(ev['involvedObject']);
  const target = str(io['name']) ? `${str(io['kind']).toLowerCase()}/${str(io['name'])}` : str(io['kind']).toLowerCase();
  const source = rec(ev['source']);
  const component = str(source['component']) || str(ev['reportingComponent']);
  const instance = str(source['host']) || str(ev['reportingInstance']);
  return {
    cells: [lastText, str(ev['type']), str(ev['reason']), target, str(io['fieldPath']), instance ? `${component}, ${instance}` : component, str(ev['message']).trim(), firstText, count, nameOf(ev)],
  };
}
