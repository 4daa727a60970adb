// The defaulting kube-apiserver applies while it decodes a request body (pkg/apis/core/v1/defaults.go,
// pkg/apis/apps/v1/defaults.go, as in v1.33), the registry's PrepareForCreate (uid,
// creationTimestamp, generation, the initial status), and Go's field order for what is stored, so a
// stored object reads as the captured one (test/fixtures/real-apiserver-v1.33/write/admission-diff-pod.txt).

import { randomUUID } from 'node:crypto';
import { isObject, obj, ordered, type Json, type JsonObject, str } from './values.js';

const META = ['name', 'generateName', 'namespace', 'selfLink', 'uid', 'resourceVersion', 'generation', 'creationTimestamp', 'deletionTimestamp', 'deletionGracePeriodSeconds', 'labels', 'annotations', 'ownerReferences', 'finalizers', 'managedFields'];
const POD_SPEC = ['volumes', 'initContainers', 'containers', 'ephemeralContainers', 'restartPolicy', 'terminationGracePeriodSeconds', 'activeDeadlineSeconds', 'dnsPolicy', 'nodeSelector', 'serviceAccountName', 'serviceAccount', 'automountServiceAccountToken', 'nodeName', 'hostNetwork', 'hostPID', 'hostIPC', 'shareProcessNamespace', 'securityContext', 'imagePullSecrets', 'hostname', 'subdomain', 'affinity', 'schedulerName', 'tolerations', 'hostAliases', 'priorityClassName', 'priority', 'dnsConfig', 'readinessGates', 'runtimeClassName', 'enableServiceLinks', 'preemptionPolicy', 'overhead', 'topologySpreadConstraints', 'setHostnameAsFQDN', 'os', 'hostUsers', 'schedulingGates', 'resourceClaims', 'resources'];
const CONTAINER = ['name', 'image', 'command', 'args', 'workingDir', 'ports', 'envFrom', 'env', 'resources', 'resizePolicy', 'restartPolicy', 'volumeMounts', 'volumeDevices', 'livenessProbe', 'readinessProbe', 'startupProbe', 'lifecycle', 'terminationMessagePath', 'terminationMessagePolicy', 'imagePullPolicy', 'securityContext', 'stdin', 'stdinOnce', 'tty'];
const PORT = ['name', 'hostPort', 'containerPort', 'protocol', 'hostIP'];
const POD_STATUS = ['observedGeneration', 'phase', 'conditions', 'message', 'reason', 'nominatedNodeName', 'hostIP', 'hostIPs', 'podIP', 'podIPs', 'startTime', 'initContainerStatuses', 'containerStatuses', 'qosClass', 'ephemeralContainerStatuses', 'resize', 'resourceClaimStatuses'];
const DEPLOYMENT_SPEC = ['replicas', 'selector', 'template', 'strategy', 'minReadySeconds', 'revisionHistoryLimit', 'paused', 'progressDeadlineSeconds'];
const TOP = ['kind', 'apiVersion', 'metadata', 'immutable', 'data', 'binaryData', 'secrets', 'imagePullSecrets', 'automountServiceAccountToken', 'spec', 'status'];

function orderContainer(c: Json): Json {
  if (!isObject(c)) return c;
  const out = ordered(c, CONTAINER);
  if (Array.isArray(out['ports'])) out['ports'] = out['ports'].map((p) => (isObject(p) ? ordered(p, PORT) : p));
  return out;
}

function orderPodSpec(s: Json | undefined): Json | undefined {
  if (!isObject(s)) return s;
  const out = ordered(s, POD_SPEC);
  for (const k of ['initContainers', 'containers', 'ephemeralContainers']) {
    const list = out[k];
    if (Array.isArray(list)) out[k] = list.map(orderContainer);
  }
  return out;
}

/** Go's field order for the kinds the write path stores (others keep the order they came in). */
export function goOrder(o: JsonObject): JsonObject {
  const out = ordered(o, TOP);
  if (isObject(out['metadata'])) out['metadata'] = ordered(out['metadata'], META);
  const kind = out['kind'];
  if (kind === 'Pod') {
    if (out['spec'] !== undefined) out['spec'] = orderPodSpec(out['spec']) ?? {};
    if (isObject(out['status'])) out['status'] = ordered(out['status'], POD_STATUS);
  }
  if (kind === 'Deployment' && isObject(out['spec'])) {
    const spec = ordered(out['spec'], DEPLOYMENT_SPEC);
    const t = spec['template'];
    if (isObject(t)) spec['template'] = { ...(t['metadata'] !== undefined ? { metadata: ordered(obj(t['metadata']), META) } : {}), ...(t['spec'] !== undefined ? { spec: orderPodSpec(t['spec']) ?? {} } : {}) };
    if (isObject(spec['strategy'])) {
      spec['strategy'] = ordered(spec['strategy'], ['type', 'rollingUpdate']);
      const ru = spec['strategy']['rollingUpdate'];
      if (isObject(ru)) spec['strategy']['rollingUpdate'] = ordered(ru, ['maxUnavailable', 'maxSurge']);
    }
    out['spec'] = spec;
  }
  return out;
}

function imageTagIsLatest(image: string): boolean {
  // SetDefaults_Container: Always when the tag is "latest" or there is none (a digest counts as a tag).
  if (image.includes('@')) return false;
  const last = image.slice(image.lastIndexOf('/') + 1);
  const colon = last.lastIndexOf(':');
  return colon < 0 || last.slice(colon + 1) === 'latest';
}

function defaultContainer(c: JsonObject): void {
  if (c['imagePullPolicy'] === undefined && typeof c['image'] === 'string') c['imagePullPolicy'] = imageTagIsLatest(c['image']) ? 'Always' : 'IfNotPresent';
  c['terminationMessagePath'] ??= '/dev/termination-log';
  c['terminationMessagePolicy'] ??= 'File';
  // resources is a struct, not a pointer: it is always there, empty when not given.
  c['resources'] ??= {};
  if (Array.isArray(c['ports'])) for (const p of c['ports']) if (isObject(p)) p['protocol'] ??= 'TCP';
  if (Array.isArray(c['env'])) {
    for (const e of c['env']) {
      const fieldRef = obj(obj(isObject(e) ? e['valueFrom'] : undefined)['fieldRef']);
      if (isObject(e) && isObject(obj(e['valueFrom'])['fieldRef'])) fieldRef['apiVersion'] ??= 'v1';
    }
  }
}

function defaultPodSpec(s: JsonObject): void {
  s['restartPolicy'] ??= 'Always';
  s['terminationGracePeriodSeconds'] ??= 30;
  s['dnsPolicy'] ??= 'ClusterFirst';
  s['securityContext'] ??= {};
  s['schedulerName'] ??= 'default-scheduler';
  for (const k of ['initContainers', 'containers', 'ephemeralContainers']) {
    const list = s[k];
    if (Array.isArray(list)) for (const c of list) if (isObject(c)) defaultContainer(c);
  }
  if (Array.isArray(s['volumes'])) {
    for (const v of s['volumes']) {
      if (!isObject(v)) continue;
      for (const src of ['secret', 'configMap', 'projected', 'downwardAPI']) if (isObject(v[src])) v[src]['defaultMode'] ??= 420;
      if (isObject(v['hostPath'])) v['hostPath']['type'] ??= '';
    }
  }
}

/** Defaulting of the decoded object (scheme.Default), before the field manager and admission. */
export function applyDefaults(o: JsonObject): void {
  const kind = o['kind'];
  if (kind === 'Pod') {
    const spec = (o['spec'] = obj(o['spec']));
    defaultPodSpec(spec);
    spec['enableServiceLinks'] ??= true;
  } else if (kind === 'Deployment') {
    const spec = (o['spec'] = obj(o['spec']));
    spec['replicas'] ??= 1;
    const strategy = (spec['strategy'] = obj(spec['strategy']));
    strategy['type'] ??= 'RollingUpdate';
    if (strategy['type'] === 'RollingUpdate') {
      const ru = (strategy['rollingUpdate'] = obj(strategy['rollingUpdate']));
      ru['maxUnavailable'] ??= '25%';
      ru['maxSurge'] ??= '25%';
    }
    spec['revisionHistoryLimit'] ??= 10;
    spec['progressDeadlineSeconds'] ??= 600;
    const template = (spec['template'] = obj(spec['template']));
    // ObjectMeta's creationTimestamp is a struct: a template's serializes as null.
    template['metadata'] = { creationTimestamp: null, ...obj(template['metadata']) };
    defaultPodSpec((template['spec'] = obj(template['spec'])));
  } else if (kind === 'Namespace') {
    const meta = obj(o['metadata']);
    // The NamespaceDefaultLabelName feature (GA in 1.22) sets this label on every namespace.
    meta['labels'] = { ...obj(meta['labels']), 'kubernetes.io/metadata.name': str(meta['name'], '') };
    o['metadata'] = meta;
  }
}

/** The Pod's QoS class as the registry computes it at create. */
function qosClass(spec: JsonObject): string {
  let requests = 0;
  let guaranteed = true;
  let any = false;
  for (const c of [...(Array.isArray(spec['containers']) ? spec['containers'] : []), ...(Array.isArray(spec['initContainers']) ? spec['initContainers'] : [])]) {
    const r = obj(obj(c)['resources']);
    const req = obj(r['requests']);
    const lim = obj(r['limits']);
    if (Object.keys(req).length || Object.keys(lim).length) any = true;
    requests += Object.keys(req).length;
    for (const res of ['cpu', 'memory']) if (lim[res] === undefined || (req[res] !== undefined && req[res] !== lim[res])) guaranteed = false;
  }
  if (!any) return 'BestEffort';
  return guaranteed && requests >= 0 ? 'Guaranteed' : 'Burstable';
}

/** The registry strategy's PrepareForCreate and the generic store's BeforeCreate. */
export function prepareForCreate(o: JsonObject, now: Date, podGeneration: boolean): void {
  const meta = (o['metadata'] = obj(o['metadata']));
  meta['uid'] = randomUUID();
  meta['creationTimestamp'] = now.toISOString().replace(/\.\d{3}Z$/, 'Z');
  delete meta['resourceVersion'];
  delete meta['deletionTimestamp'];
  delete meta['deletionGracePeriodSeconds'];
  const kind = o['kind'];
  if (kind === 'Pod') {
    if (podGeneration) meta['generation'] = 1;
    o['status'] = { phase: 'Pending', qosClass: qosClass(obj(o['spec'])) };
  } else if (kind === 'Deployment') {
    meta['generation'] = 1;
    o['status'] = {};
  } else if (kind === 'Namespace') {
    o['spec'] = { finalizers: ['kubernetes'] };
    o['status'] = { phase: 'Active' };
  } else if (kind === 'ValidatingAdmissionPolicy') {
    meta['generation'] = 1;
    o['status'] = {};
  } else if (kind === 'ValidatingAdmissionPolicyBinding') {
    meta['generation'] = 1;
  }
}

/** Kinds whose generation follows spec changes (metadata.generation is bumped when spec changes). */
export function tracksGeneration(kind: unknown, podGeneration: boolean): boolean {
  return kind === 'Deployment' || kind === 'ValidatingAdmissionPolicy' || kind === 'ValidatingAdmissionPolicyBinding' || (kind === 'Pod' && podGeneration);
}
