// The registry strategies' Validate for the kinds stored (pkg/apis/core/validation,
// pkg/apis/apps/validation), the parts the captures show, with kube's words; and strict decoding
// (fieldValidation=Strict: unknown fields are a 400 before admission).

import { badRequest, invalid, type ApiStatusError, type FieldError } from './errors.js';
import { isObject, obj, type Json, type JsonObject, str } from './values.js';

const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const SUBDOMAIN_MSG = "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
const LABEL_MSG = "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";

function nameErrors(name: string, label: boolean): FieldError[] {
  if (name === '') return [{ type: 'FieldValueRequired', field: 'metadata.name', detail: 'Required value: name or generateName is required' }];
  const ok = label ? DNS1123_LABEL.test(name) && name.length <= 63 : DNS1123_SUBDOMAIN.test(name) && name.length <= 253;
  return ok ? [] : [{ type: 'FieldValueInvalid', field: 'metadata.name', detail: `Invalid value: ${JSON.stringify(name)}: ${label ? LABEL_MSG : SUBDOMAIN_MSG}` }];
}

function podSpecErrors(spec: JsonObject, at: string, allowPrivileged: boolean): FieldError[] {
  const errs: FieldError[] = [];
  const containers = Array.isArray(spec['containers']) ? spec['containers'] : [];
  if (containers.length === 0) errs.push({ type: 'FieldValueRequired', field: `${at}.containers`, detail: 'Required value' });
  containers.forEach((c, i) => {
    const co = obj(c);
    const f = `${at}.containers[${i}]`;
    const name = typeof co['name'] === 'string' ? co['name'] : '';
    if (name === '') errs.push({ type: 'FieldValueRequired', field: `${f}.name`, detail: 'Required value' });
    else if (!DNS1123_LABEL.test(name)) errs.push({ type: 'FieldValueInvalid', field: `${f}.name`, detail: `Invalid value: ${JSON.stringify(name)}: ${LABEL_MSG}` });
    if (typeof co['image'] !== 'string' || co['image'].trim() === '') errs.push({ type: 'FieldValueRequired', field: `${f}.image`, detail: 'Required value' });
    // Without --allow-privileged=true (the default) privileged containers are refused by validation.
    if (!allowPrivileged && obj(co['securityContext'])['privileged'] === true) errs.push({ type: 'FieldValueForbidden', field: `${f}.securityContext.privileged`, detail: 'Forbidden: disallowed by cluster policy' });
  });
  return errs;
}

/** Go's %#v of a map[string]string, as the selector message prints it. */
function goMapLiteral(m: JsonObject): string {
  return `map[string]string{${Object.keys(m).sort().map((k) => `${JSON.stringify(k)}:${JSON.stringify(str(m[k]))}`).join(', ')}}`;
}

export function validate(o: JsonObject, group: string, allowPrivileged = false): ApiStatusError | null {
  const kind = str(o['kind'], '');
  const meta = obj(o['metadata']);
  const name = typeof meta['name'] === 'string' ? meta['name'] : '';
  const errs: FieldError[] = [...nameErrors(name, kind === 'Namespace')];
  if (kind === 'Pod') errs.push(...podSpecErrors(obj(o['spec']), 'spec', allowPrivileged));
  if (kind === 'Deployment') {
    const spec = obj(o['spec']);
    const selector = obj(spec['selector']);
    const labels = obj(obj(obj(spec['template'])['metadata'])['labels']);
    const matchLabels = obj(selector['matchLabels']);
    if (!isObject(spec['selector'])) errs.push({ type: 'FieldValueRequired', field: 'spec.selector', detail: 'Required value' });
    else if (Object.entries(matchLabels).some(([k, v]) => labels[k] !== v)) {
      errs.push({ type: 'FieldValueInvalid', field: 'spec.template.metadata.labels', detail: `Invalid value: ${goMapLiteral(labels)}: \`selector\` does not match template \`labels\`` });
    }
    errs.push(...podSpecErrors(obj(obj(spec['template'])['spec']), 'spec.template.spec', allowPrivileged));
  }
  return errs.length ? invalid(kind, group, name, errs) : null;
}

// The fields of the types strict decoding knows here (others are not checked).
const KNOWN: Record<string, readonly string[]> = {
  pod: ['apiVersion', 'kind', 'metadata', 'spec', 'status'],
  meta: ['name', 'generateName', 'namespace', 'selfLink', 'uid', 'resourceVersion', 'generation', 'creationTimestamp', 'deletionTimestamp', 'deletionGracePeriodSeconds', 'labels', 'annotations', 'ownerReferences', 'finalizers', 'managedFields'],
  podSpec: ['volumes', 'initContainers', 'containers', 'ephemeralContainers', 'restartPolicy', 'terminationGracePeriodSeconds', 'activeDeadlineSeconds', 'dnsPolicy', 'nodeSelector', 'serviceAccountName', 'serviceAccount', 'automountServiceAccountToken', 'nodeName', 'hostNetwork', 'hostPID', 'hostIPC', 'shareProcessNamespace', 'securityContext', 'imagePullSecrets', 'hostname', 'subdomain', 'affinity', 'schedulerName', 'tolerations', 'hostAliases', 'priorityClassName', 'priority', 'dnsConfig', 'readinessGates', 'runtimeClassName', 'enableServiceLinks', 'preemptionPolicy', 'overhead', 'topologySpreadConstraints', 'setHostnameAsFQDN', 'os', 'hostUsers', 'schedulingGates', 'resourceClaims', 'resources'],
  container: ['name', 'image', 'command', 'args', 'workingDir', 'ports', 'envFrom', 'env', 'resources', 'resizePolicy', 'restartPolicy', 'volumeMounts', 'volumeDevices', 'livenessProbe', 'readinessProbe', 'startupProbe', 'lifecycle', 'terminationMessagePath', 'terminationMessagePolicy', 'imagePullPolicy', 'securityContext', 'stdin', 'stdinOnce', 'tty'],
  deploymentSpec: ['replicas', 'selector', 'template', 'strategy', 'minReadySeconds', 'revisionHistoryLimit', 'paused', 'progressDeadlineSeconds'],
  template: ['metadata', 'spec'],
  configMap: ['apiVersion', 'kind', 'metadata', 'immutable', 'data', 'binaryData'],
};

function unknown(v: Json | undefined, known: readonly string[], at: string, out: string[]): void {
  if (!isObject(v)) return;
  for (const k of Object.keys(v)) if (!known.includes(k)) out.push(`${at}${at ? '.' : ''}${k}`);
}

function podSpecUnknown(spec: Json | undefined, at: string, out: string[]): void {
  unknown(spec, KNOWN['podSpec'] ?? [], at, out);
  for (const list of ['initContainers', 'containers']) {
    const cs = obj(spec)[list];
    if (Array.isArray(cs)) cs.forEach((c, i) => unknown(c, KNOWN['container'] ?? [], `${at}.${list}[${i}]`, out));
  }
}

/** fieldValidation=Strict: `Pod in version "v1" cannot be handled as a Pod: strict decoding error: unknown field "…"`. */
export function strictDecodingError(o: JsonObject, version: string): ApiStatusError | null {
  const kind = str(o['kind'], '');
  const out: string[] = [];
  if (kind === 'Pod' || kind === 'Deployment' || kind === 'ConfigMap') {
    unknown(o, kind === 'ConfigMap' ? KNOWN['configMap'] ?? [] : KNOWN['pod'] ?? [], '', out);
    unknown(o['metadata'], KNOWN['meta'] ?? [], 'metadata', out);
  }
  if (kind === 'Pod') podSpecUnknown(o['spec'], 'spec', out);
  if (kind === 'Deployment') {
    const spec = obj(o['spec']);
    unknown(spec, KNOWN['deploymentSpec'] ?? [], 'spec', out);
    unknown(spec['template'], KNOWN['template'] ?? [], 'spec.template', out);
    podSpecUnknown(obj(spec['template'])['spec'], 'spec.template.spec', out);
  }
  if (out.length === 0) return null;
  return badRequest(`${kind} in version "${version}" cannot be handled as a ${kind}: strict decoding error: ${out.map((f) => `unknown field "${f}"`).join(', ')}`);
}
