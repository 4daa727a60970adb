// ValidatingAdmissionPolicy (admissionregistration.k8s.io/v1, GA in 1.30): the stored policies and
// their bindings, matched to the request (matchConstraints.resourceRules, the binding's
// namespaceSelector/objectSelector matchLabels), each validation's CEL expression evaluated with
// @marcbachmann/cel-js over object, oldObject, request and namespaceObject. A failed validation with
// validationActions [Deny] refuses with the policy's reason (422 Invalid without one), as kubectl/34
// shows; [Warn] adds a Warning header.

import { evaluate } from '@marcbachmann/cel-js';
import { ApiStatusError, qualified } from '../writes/errors.js';
import { isObject, obj, type Json, type JsonObject, str } from '../writes/values.js';
import type { AdmissionAttributes, AdmissionPlugin } from './types.js';

/** JSON numbers that are integers become CEL ints (BigInt), as kube's unstructured values are int64. */
function toCel(v: Json | undefined): unknown {
  if (v === undefined || v === null) return null;
  if (typeof v === 'number') return Number.isInteger(v) ? BigInt(v) : v;
  if (Array.isArray(v)) return v.map(toCel);
  if (isObject(v)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, toCel(x)]));
  return v;
}

function matchesList(list: unknown, value: string): boolean {
  return Array.isArray(list) && (list.includes('*') || list.includes(value));
}

function matchesLabels(selector: unknown, labels: JsonObject): boolean {
  if (!isObject(selector)) return true;
  const ml = obj(selector['matchLabels']);
  if (!Object.entries(ml).every(([k, v]) => labels[k] === v)) return false;
  const exprs = Array.isArray(selector['matchExpressions']) ? selector['matchExpressions'] : [];
  return exprs.every((e) => {
    const o = obj(e);
    const key = str(o['key']);
    const values = Array.isArray(o['values']) ? o['values'].map(String) : [];
    const has = labels[key] !== undefined;
    switch (o['operator']) {
      case 'In': return has && values.includes(str(labels[key]));
      case 'NotIn': return !has || !values.includes(str(labels[key]));
      case 'Exists': return has;
      case 'DoesNotExist': return !has;
      default: return false;
    }
  });
}

function ruleMatches(rules: unknown, a: AdmissionAttributes): boolean {
  if (!Array.isArray(rules)) return false;
  const resource = a.subresource ? `${a.def.resource}/${a.subresource}` : a.def.resource;
  return rules.some((r) => {
    const o = obj(r);
    return matchesList(o['apiGroups'], a.def.group) && matchesList(o['apiVersions'], a.def.version) && matchesList(o['operations'], a.operation) && matchesList(o['resources'], resource);
  });
}

export const validatingAdmissionPolicy: AdmissionPlugin = {
  name: 'ValidatingAdmissionPolicy',
  handles: () => true,
  async admit(a) {
    const policies = await a.list('/registry/validatingadmissionpolicies/');
    if (policies.length === 0) return { note: 'no ValidatingAdmissionPolicy is stored' };
    const bindings = await a.list('/registry/validatingadmissionpolicybindings/');
    const nsObject = a.namespace ? await a.get(`/registry/namespaces/${a.namespace}`) : undefined;
    const nsLabels = obj(obj(nsObject?.['metadata'])['labels']);
    const target = a.object ?? a.oldObject ?? {};
    const objLabels = obj(obj(target['metadata'])['labels']);
    const evaluated: string[] = [];
    for (const policy of policies) {
      const pName = str(obj(policy['metadata'])['name']);
      const spec = obj(policy['spec']);
      if (!ruleMatches(obj(spec['matchConstraints'])['resourceRules'], a)) continue;
      for (const binding of bindings) {
        const bSpec = obj(binding['spec']);
        if (bSpec['policyName'] !== pName) continue;
        const bName = str(obj(binding['metadata'])['name']);
        const mr = obj(bSpec['matchResources']);
        if (a.namespace && !matchesLabels(mr['namespaceSelector'], nsLabels)) continue;
        if (!matchesLabels(mr['objectSelector'], objLabels)) continue;
        if (isObject(mr['resourceRules']) || (Array.isArray(mr['resourceRules']) && !ruleMatches(mr['resourceRules'], a))) continue;
        const actions = Array.isArray(bSpec['validationActions']) ? bSpec['validationActions'].map(String) : [];
        const vars = {
          object: toCel(a.object),
          oldObject: toCel(a.oldObject),
          request: toCel({ operation: a.operation, namespace: a.namespace, name: a.name, userInfo: { username: a.user.username, groups: a.user.groups }, dryRun: a.dryRun, resource: { group: a.def.group, version: a.def.version, resource: a.def.resource }, kind: { group: a.def.group, version: a.def.version, kind: a.def.kind } }),
          namespaceObject: toCel(nsObject ?? null),
          params: null,
        };
        for (const v of Array.isArray(spec['validations']) ? spec['validations'] : []) {
          const val = obj(v);
          const expression = str(val['expression'], '');
          evaluated.push(`${pName}/${bName}: ${expression}`);
          let passed: boolean;
          let failure: string;
          try {
            passed = evaluate(expression, vars) === true;
            failure = typeof val['message'] === 'string' && val['message'] ? val['message'] : `failed expression: ${expression}`;
          } catch (e) {
            if (spec['failurePolicy'] === 'Ignore') continue;
            passed = false;
            failure = `expression '${expression}' resulted in error: ${(e as Error).message}`;
          }
          if (passed) continue;
          const text = `ValidatingAdmissionPolicy '${pName}' with binding '${bName}' denied request: ${failure}`;
          if (actions.includes('Warn')) a.warnings.push(`Validation failed for ValidatingAdmissionPolicy '${pName}' with binding '${bName}': ${failure}`);
          if (actions.includes('Deny')) {
            const reason = typeof val['reason'] === 'string' ? val['reason'] : 'Invalid';
            const code = { Unauthorized: 401, Forbidden: 403, Invalid: 422, RequestEntityTooLarge: 413 }[reason] ?? 422;
            const err = new ApiStatusError(code, reason, `${qualified(a.def.resource, a.def.group)} "${a.name}" is forbidden: ${text}`, {
              name: a.name, ...(a.def.group ? { group: a.def.group } : {}), kind: a.def.resource, causes: [{ message: text }],
            });
            err.expression = expression;
            throw err;
          }
        }
      }
    }
    return evaluated.length ? { expression: evaluated.join('; '), note: 'every validation passed' } : { note: 'no policy binding matches this request' };
  },
};
