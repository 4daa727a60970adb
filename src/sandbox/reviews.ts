// The review APIs: SelfSubjectAccessReview, SelfSubjectRulesReview, SelfSubjectReview. They are
// "create" calls that are never persisted: the answer is computed and returned (201), storage unchanged.

import { authorize, type PolicyRule, type RbacPolicy, type RequestAttributes, type UserInfo, PRIVILEGED_GROUP } from './rbac.js';
import { bytesField, readFields, stringField, unwrapEnvelope } from './proto-lite.js';
import { isoSeconds } from './objects.js';

export interface ResourceAttributesInput {
  namespace?: string;
  verb?: string;
  group?: string;
  version?: string;
  resource?: string;
  subresource?: string;
  name?: string;
}

export interface AccessReviewSpec {
  resourceAttributes?: ResourceAttributesInput;
  nonResourceAttributes?: { path?: string; verb?: string };
}

const RESOURCE_ATTR_ORDER = ['namespace', 'verb', 'group', 'version', 'resource', 'subresource', 'name'] as const;

function isJson(contentType: string): boolean {
  return contentType === '' || contentType.startsWith('application/json') || contentType.startsWith('*/*');
}

function obj(v: unknown): Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
}

function s(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

export class BadReviewError extends Error {}

/** Reads an SSAR spec from JSON or kube protobuf. */
export function parseAccessReview(body: Buffer, contentType: string): AccessReviewSpec {
  if (isJson(contentType)) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(body.toString('utf8') || '{}');
    } catch (e) {
      throw new BadReviewError(`couldn't get version/kind; json parse error: ${(e as Error).message}`);
    }
    const spec = obj(obj(parsed)['spec']);
    const ra = spec['resourceAttributes'];
    const nra = spec['nonResourceAttributes'];
    const out: AccessReviewSpec = {};
    if (ra !== undefined) {
      const r = obj(ra);
      out.resourceAttributes = Object.fromEntries(RESOURCE_ATTR_ORDER.map((k) => [k, s(r[k])]).filter(([, v]) => v !== undefined)) as ResourceAttributesInput;
    }
    if (nra !== undefined) out.nonResourceAttributes = { path: s(obj(nra)['path']), verb: s(obj(nra)['verb']) };
    return out;
  }
  if (contentType.startsWith('application/vnd.kubernetes.protobuf')) {
    try {
      const review = readFields(unwrapEnvelope(body).raw);
      const spec = readFields(bytesField(review, 2) ?? Buffer.alloc(0));
      const out: AccessReviewSpec = {};
      const ra = bytesField(spec, 1);
      if (ra) {
        const f = readFields(ra);
        const r: ResourceAttributesInput = {};
        RESOURCE_ATTR_ORDER.forEach((k, i) => {
          const v = stringField(f, i + 1);
          if (v !== undefined) r[k] = v;
        });
        out.resourceAttributes = r;
      }
      const nra = bytesField(spec, 2);
      if (nra) {
        const f = readFields(nra);
        out.nonResourceAttributes = { path: stringField(f, 1), verb: stringField(f, 2) };
      }
      return out;
    } catch (e) {
      throw new BadReviewError((e as Error).message);
    }
  }
  throw new UnsupportedMediaError(contentType);
}

export class UnsupportedMediaError extends Error {
  constructor(readonly contentType: string) {
    super(`the body of the request was in an unknown format - accepted media types include: application/json, application/yaml, application/vnd.kubernetes.protobuf`);
  }
}

/** Reads an SSRR's spec.namespace from JSON or protobuf. */
export function parseRulesReview(body: Buffer, contentType: string): string {
  if (isJson(contentType)) {
    try {
      return s(obj(obj(JSON.parse(body.toString('utf8') || '{}'))['spec'])['namespace']) ?? '';
    } catch (e) {
      throw new BadReviewError((e as Error).message);
    }
  }
  if (contentType.startsWith('application/vnd.kubernetes.protobuf')) {
    try {
      const review = readFields(unwrapEnvelope(body).raw);
      return stringField(readFields(bytesField(review, 2) ?? Buffer.alloc(0)), 1) ?? '';
    } catch (e) {
      throw new BadReviewError((e as Error).message);
    }
  }
  throw new UnsupportedMediaError(contentType);
}

export function accessReviewAttributes(user: UserInfo, spec: AccessReviewSpec): RequestAttributes {
  const ra = spec.resourceAttributes;
  if (ra) {
    return {
      user, verb: ra.verb ?? '', resourceRequest: true, apiGroup: ra.group ?? '', apiVersion: ra.version ?? '',
      resource: ra.resource ?? '', subresource: ra.subresource ?? '', namespace: ra.namespace ?? '', name: ra.name ?? '', path: '',
    };
  }
  const nra = spec.nonResourceAttributes ?? {};
  return { user, verb: nra.verb ?? '', resourceRequest: false, apiGroup: '', apiVersion: '', resource: '', subresource: '', namespace: '', name: '', path: nra.path ?? '' };
}

/** The server-side-apply managedFields entry kube adds to the echoed review (manager = User-Agent's first word). */
function managedFields(userAgent: string, now: Date, spec: AccessReviewSpec): unknown[] {
  const manager = (userAgent.split('/')[0] ?? '').trim();
  const fields: Record<string, unknown> = {};
  const add = (name: string, attrs: Record<string, string | undefined> | undefined): void => {
    if (!attrs) return;
    const set = Object.keys(attrs).filter((k) => attrs[k]).sort();
    fields[`f:${name}`] = { '.': {}, ...Object.fromEntries(set.map((k) => [`f:${k}`, {}])) };
  };
  add('nonResourceAttributes', spec.nonResourceAttributes);
  add('resourceAttributes', spec.resourceAttributes as Record<string, string | undefined> | undefined);
  return [{ manager, operation: 'Update', apiVersion: 'authorization.k8s.io/v1', time: isoSeconds(now), fieldsType: 'FieldsV1', fieldsV1: { 'f:spec': fields } }];
}

function compact(o: Record<string, unknown> | undefined): Record<string, unknown> | undefined {
  if (!o) return undefined;
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined && v !== ''));
}

export function selfSubjectAccessReview(policy: RbacPolicy, user: UserInfo, spec: AccessReviewSpec, userAgent: string, now: Date): { body: Record<string, unknown>; attributes: RequestAttributes; decision: ReturnType<typeof authorize> } {
  const attributes = accessReviewAttributes(user, spec);
  const decision = authorize(policy, attributes);
  const status: Record<string, unknown> = { allowed: decision.decision === 'allow' };
  if (decision.reason) status['reason'] = decision.reason;
  const echoed: Record<string, unknown> = {};
  if (spec.resourceAttributes) echoed['resourceAttributes'] = compact(spec.resourceAttributes as Record<string, unknown>);
  if (spec.nonResourceAttributes) echoed['nonResourceAttributes'] = compact(spec.nonResourceAttributes);
  const meta: Record<string, unknown> = { creationTimestamp: null };
  const mf = managedFields(userAgent, now, spec);
  if (userAgent) meta['managedFields'] = mf;
  return { body: { kind: 'SelfSubjectAccessReview', apiVersion: 'authorization.k8s.io/v1', metadata: meta, spec: echoed, status }, attributes, decision };
}

export function selfSubjectRulesReview(policy: RbacPolicy, user: UserInfo, namespace: string): Record<string, unknown> {
  const resourceRules: Record<string, unknown>[] = [];
  const nonResourceRules: Record<string, unknown>[] = [];
  const push = (r: PolicyRule): void => {
    if (r.nonResourceURLs && r.nonResourceURLs.length > 0) nonResourceRules.push({ verbs: r.verbs, nonResourceURLs: r.nonResourceURLs });
    else {
      const rr: Record<string, unknown> = { verbs: r.verbs };
      if (r.apiGroups) rr['apiGroups'] = r.apiGroups;
      if (r.resources) rr['resources'] = r.resources;
      if (r.resourceNames && r.resourceNames.length > 0) rr['resourceNames'] = r.resourceNames;
      resourceRules.push(rr);
    }
  };
  if (user.groups.includes(PRIVILEGED_GROUP)) {
    push({ verbs: ['*'], apiGroups: ['*'], resources: ['*'] });
    push({ verbs: ['*'], nonResourceURLs: ['*'] });
  }
  const applies = (subjects: { kind: string; name: string }[]): boolean =>
    subjects.some((s) => (s.kind === 'User' && s.name === user.username) || (s.kind === 'Group' && user.groups.includes(s.name)));
  for (const b of policy.clusterRoleBindings) {
    if (!applies(b.subjects)) continue;
    policy.clusterRoles.find((r) => r.name === b.roleRef.name)?.rules.forEach(push);
  }
  if (namespace) {
    for (const b of policy.roleBindings) {
      if (b.namespace !== namespace || !applies(b.subjects)) continue;
      const role = b.roleRef.kind === 'ClusterRole' ? policy.clusterRoles.find((r) => r.name === b.roleRef.name) : policy.roles.find((r) => r.name === b.roleRef.name && r.namespace === namespace);
      role?.rules.forEach(push);
    }
  }
  return {
    kind: 'SelfSubjectRulesReview',
    apiVersion: 'authorization.k8s.io/v1',
    metadata: { creationTimestamp: null },
    spec: {},
    status: { resourceRules, nonResourceRules, incomplete: false },
  };
}

export function selfSubjectReview(user: UserInfo, now: Date, apiVersion = 'authentication.k8s.io/v1'): Record<string, unknown> {
  const userInfo: Record<string, unknown> = { username: user.username };
  if (user.uid) userInfo['uid'] = user.uid;
  userInfo['groups'] = user.groups;
  if (user.extra && Object.keys(user.extra).length > 0) userInfo['extra'] = user.extra;
  return { kind: 'SelfSubjectReview', apiVersion, metadata: { creationTimestamp: isoSeconds(now) }, status: { userInfo } };
}
