// RBAC as kube-apiserver evaluates it (plugin/pkg/auth/authorizer/rbac): ClusterRoleBindings first,
// then RoleBindings in the request's namespace; the first rule that covers the request allows it;
// nothing allows → deny. Before RBAC, the privileged-group authorizer lets system:masters do anything
// by itself: RBAC is not consulted for them at all.

export interface UserInfo {
  username: string;
  uid?: string;
  groups: string[];
  extra?: Record<string, string[]>;
}

export interface RequestAttributes {
  user: UserInfo;
  verb: string;
  resourceRequest: boolean;
  apiGroup: string;
  apiVersion: string;
  resource: string;
  subresource: string;
  namespace: string;
  name: string;
  path: string;
}

export interface PolicyRule {
  verbs: string[];
  apiGroups?: string[];
  resources?: string[];
  resourceNames?: string[];
  nonResourceURLs?: string[];
}

export interface Subject {
  kind: string;
  name: string;
  namespace?: string;
  apiGroup?: string;
}

export interface RoleRef {
  kind: 'Role' | 'ClusterRole';
  name: string;
  apiGroup?: string;
}

export interface Role {
  name: string;
  namespace?: string;
  rules: PolicyRule[];
}

export interface Binding {
  name: string;
  namespace?: string;
  subjects: Subject[];
  roleRef: RoleRef;
}

export interface RbacPolicy {
  roles: Role[];
  clusterRoles: Role[];
  roleBindings: Binding[];
  clusterRoleBindings: Binding[];
}

export interface AuthorizationMatch {
  binding: { kind: 'RoleBinding' | 'ClusterRoleBinding'; name: string; namespace?: string };
  role: { kind: 'Role' | 'ClusterRole'; name: string; namespace?: string };
  rule: PolicyRule;
  subject: { kind: string; name: string };
}

export interface AuthorizationDecision {
  decision: 'allow' | 'deny' | 'no-opinion';
  /** kube's reason text (empty when RBAC found nothing, as kube-apiserver writes it). */
  reason: string;
  /** Who decided: "privileged-group" (system:masters) or "rbac". */
  authorizer: 'privileged-group' | 'rbac';
  matched: AuthorizationMatch | null;
  considered: string[];
}

export const PRIVILEGED_GROUP = 'system:masters';

function has(list: string[] | undefined, value: string): boolean {
  return !!list && (list.includes('*') || list.includes(value));
}

export function ruleAllows(rule: PolicyRule, a: RequestAttributes): boolean {
  if (!has(rule.verbs, a.verb)) return false;
  if (!a.resourceRequest) {
    return (rule.nonResourceURLs ?? []).some((u) => u === '*' || u === a.path || (u.endsWith('*') && a.path.startsWith(u.slice(0, -1))));
  }
  if (!has(rule.apiGroups, a.apiGroup)) return false;
  const combined = a.subresource ? `${a.resource}/${a.subresource}` : a.resource;
  const resourceOk = (rule.resources ?? []).some(
    (r) => r === '*' || r === combined || (a.subresource !== '' && r === `*/${a.subresource}`),
  );
  if (!resourceOk) return false;
  const names = rule.resourceNames ?? [];
  return names.length === 0 || names.includes(a.name);
}

function subjectMatches(s: Subject, user: UserInfo, bindingNamespace: string | undefined): boolean {
  switch (s.kind) {
    case 'User': return s.name === user.username;
    case 'Group': return user.groups.includes(s.name);
    case 'ServiceAccount': {
      const ns = s.namespace || bindingNamespace || '';
      return user.username === `system:serviceaccount:${ns}:${s.name}`;
    }
    default: return false;
  }
}

function describeSubject(s: Subject, bindingNamespace: string | undefined): string {
  if (s.kind === 'ServiceAccount') return `${s.kind} "${s.namespace || bindingNamespace || ''}/${s.name}"`;
  return `${s.kind} "${s.name}"`;
}

/**
 * kube-apiserver's union authorizer: the privileged-group authorizer (authorizerfactory.NewPrivilegedGroups
 * for system:masters) comes first and allows on its own, with no reason text, so RBAC is never asked;
 * otherwise RBAC decides (the Node authorizer, also before RBAC, has no opinion on users that are not nodes).
 */
export function authorize(policy: RbacPolicy, a: RequestAttributes): AuthorizationDecision {
  if (a.user.groups.includes(PRIVILEGED_GROUP)) {
    return { decision: 'allow', reason: '', authorizer: 'privileged-group', matched: null, considered: [] };
  }
  return evaluateRbac(policy, a);
}

function evaluateRbac(policy: RbacPolicy, a: RequestAttributes): AuthorizationDecision {
  const considered: string[] = [];
  const tryBinding = (kind: 'RoleBinding' | 'ClusterRoleBinding', b: Binding): AuthorizationDecision | null => {
    const label = kind === 'RoleBinding' ? `RoleBinding "${b.name}/${b.namespace ?? ''}"` : `ClusterRoleBinding "${b.name}"`;
    const subject = b.subjects.find((s) => subjectMatches(s, a.user, b.namespace));
    if (!subject) {
      considered.push(`${label}: subjects ${b.subjects.map((s) => describeSubject(s, b.namespace)).join(', ') || '(none)'} do not include this user or its groups`);
      return null;
    }
    const role =
      b.roleRef.kind === 'ClusterRole'
        ? policy.clusterRoles.find((r) => r.name === b.roleRef.name)
        : policy.roles.find((r) => r.name === b.roleRef.name && r.namespace === b.namespace);
    if (!role) {
      considered.push(`${label}: ${b.roleRef.kind} "${b.roleRef.name}" not found`);
      return null;
    }
    const rule = role.rules.find((r) => ruleAllows(r, a));
    if (!rule) {
      considered.push(`${label} of ${b.roleRef.kind} "${b.roleRef.name}": no rule allows ${a.verb} ${a.resourceRequest ? (a.subresource ? `${a.resource}/${a.subresource}` : a.resource) : a.path}`);
      return null;
    }
    const roleKind = b.roleRef.kind;
    return {
      decision: 'allow',
      reason: `RBAC: allowed by ${label} of ${roleKind} "${role.name}" to ${describeSubject(subject, b.namespace)}`,
      authorizer: 'rbac',
      matched: {
        binding: kind === 'RoleBinding' ? { kind, name: b.name, namespace: b.namespace ?? '' } : { kind, name: b.name },
        role: roleKind === 'Role' ? { kind: roleKind, name: role.name, namespace: role.namespace ?? '' } : { kind: roleKind, name: role.name },
        rule,
        subject: { kind: subject.kind, name: subject.name },
      },
      considered,
    };
  };
  for (const b of policy.clusterRoleBindings) {
    const d = tryBinding('ClusterRoleBinding', b);
    if (d) return d;
  }
  if (a.namespace) {
    for (const b of policy.roleBindings.filter((rb) => rb.namespace === a.namespace)) {
      const d = tryBinding('RoleBinding', b);
      if (d) return d;
    }
  }
  if (considered.length === 0) considered.push('no ClusterRoleBindings, and no RoleBindings in the request namespace');
  return { decision: 'no-opinion', reason: '', authorizer: 'rbac', matched: null, considered };
}

/** kube-apiserver's Forbidden message (staging/src/k8s.io/apiserver/pkg/endpoints/handlers/responsewriters/errors.go). */
export function forbiddenMessage(a: RequestAttributes, reason: string): string {
  let msg: string;
  if (!a.resourceRequest) {
    msg = `User "${a.user.username}" cannot ${a.verb} path "${a.path}"`;
  } else {
    const res = a.subresource ? `${a.resource}/${a.subresource}` : a.resource;
    msg = a.namespace
      ? `User "${a.user.username}" cannot ${a.verb} resource "${res}" in API group "${a.apiGroup}" in the namespace "${a.namespace}"`
      : `User "${a.user.username}" cannot ${a.verb} resource "${res}" in API group "${a.apiGroup}" at the cluster scope`;
  }
  return reason ? `${msg}: ${reason}` : msg;
}
