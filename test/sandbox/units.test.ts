// The pieces under the server: selector grammar, continue tokens, request attributes, RBAC.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { matchesLabels, parseLabelSelector } from '../../src/sandbox/label-selector.js';
import { matchesFields, parseFieldSelector } from '../../src/sandbox/field-selector.js';
import { decodeContinue, encodeContinue } from '../../src/apimachinery/continue-token.js';
import { requestInfo } from '../../src/sandbox/request-info.js';
import { authorize, forbiddenMessage, type RbacPolicy, type RequestAttributes } from '../../src/sandbox/rbac.js';
import { goJson } from '../../src/sandbox/go-json.js';

describe('label selector grammar', () => {
  it('parses every operator', () => {
    assert.deepEqual(parseLabelSelector('a=1,b==2,c!=3,d in (x, y),e notin (z),f,!g,h>4,i<5'), [
      { key: 'a', operator: '=', values: ['1'] },
      { key: 'b', operator: '==', values: ['2'] },
      { key: 'c', operator: '!=', values: ['3'] },
      { key: 'd', operator: 'in', values: ['x', 'y'] },
      { key: 'e', operator: 'notin', values: ['z'] },
      { key: 'f', operator: 'exists', values: [] },
      { key: 'g', operator: '!', values: [] },
      { key: 'h', operator: 'gt', values: ['4'] },
      { key: 'i', operator: 'lt', values: ['5'] },
    ]);
    assert.deepEqual(parseLabelSelector(''), []);
  });

  it('rejects what kube rejects, with its words', () => {
    assert.throws(() => parseLabelSelector('app in ('), { message: "unable to parse requirement: found '', expected: ',', ')' or identifier" });
    assert.throws(() => parseLabelSelector(','), { message: "found ',', expected: !, identifier, or 'end of string'" });
    assert.throws(() => parseLabelSelector('a in x'), { message: "unable to parse requirement: found 'x' expected: '('" });
    assert.throws(() => parseLabelSelector('a=b c'), { message: "found 'c', expected: ',' or 'end of string'" });
    assert.throws(() => parseLabelSelector('a>x'), /the value must be an integer/);
  });

  it('matches like kube: != and notin also match when the label is absent', () => {
    const labels = { app: 'web', n: '7' };
    const m = (s: string) => matchesLabels(parseLabelSelector(s), labels);
    assert.deepEqual(['app=web', 'app!=api', 'tier!=x', 'tier notin (a)', 'app in (web,api)', 'n>5', '!tier', 'app'].map(m), [true, true, true, true, true, true, true, true]);
    assert.deepEqual(['app=api', 'tier=x', 'tier in (a)', 'n<5', '!app', 'tier'].map(m), [false, false, false, false, false, false]);
  });
});

describe('field selectors', () => {
  it('split on unescaped commas and check supported labels', () => {
    const r = parseFieldSelector('metadata.name=a\\,b,status.phase!=Running', ['metadata.name', 'status.phase']);
    assert.deepEqual(r, [{ field: 'metadata.name', operator: '=', value: 'a,b' }, { field: 'status.phase', operator: '!=', value: 'Running' }]);
    assert.ok(matchesFields(r, { 'metadata.name': 'a,b', 'status.phase': 'Pending' }));
    assert.throws(() => parseFieldSelector('spec.x=1', ['metadata.name']), { message: 'field label not supported: spec.x' });
    assert.throws(() => parseFieldSelector('nonsense', ['metadata.name']), { message: "invalid selector: 'nonsense'; can't understand 'nonsense'" });
  });
});

describe('continue tokens', () => {
  it('encode exactly as captured and round-trip', () => {
    assert.equal(encodeContinue('/registry/pods/default/api-running', '/registry/pods/default/', 234), 'eyJ2IjoibWV0YS5rOHMuaW8vdjEiLCJydiI6MjM0LCJzdGFydCI6ImFwaS1ydW5uaW5nXHUwMDAwIn0');
    assert.deepEqual(decodeContinue('eyJ2IjoibWV0YS5rOHMuaW8vdjEiLCJydiI6MjM0LCJzdGFydCI6ImFwaS1ydW5uaW5nXHUwMDAwIn0', '/registry/pods/default/'), { startKey: '/registry/pods/default/api-running\u0000', revision: 234 });
  });

  it('refuse garbage, other versions and a zero revision', () => {
    assert.throws(() => decodeContinue('garbage', '/p/'), { message: "continue key is not valid: invalid character '\\u0081' looking for beginning of value" });
    const tok = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
    assert.throws(() => decodeContinue(tok({ v: 'x', rv: 1, start: 'a' }), '/p/'), /server does not recognize this encoded version "x"/);
    assert.throws(() => decodeContinue(tok({ v: 'meta.k8s.io/v1', rv: 0, start: 'a' }), '/p/'), /incorrect encoded start resourceVersion/);
    assert.throws(() => decodeContinue('a$b', '/p/'), /illegal base64 data at input byte 1/);
  });
});

describe('request attributes', () => {
  const q = new URLSearchParams();
  it('resolves verbs, namespaces, names and subresources like RequestInfoFactory', () => {
    const pick = (m: string, p: string, query = q) => {
      const i = requestInfo(m, p, query);
      return [i.resourceRequest, i.verb, i.apiGroup, i.namespace, i.resource, i.subresource, i.name];
    };
    assert.deepEqual(pick('GET', '/api/v1/namespaces/default/pods'), [true, 'list', '', 'default', 'pods', '', '']);
    assert.deepEqual(pick('GET', '/api/v1/pods'), [true, 'list', '', '', 'pods', '', '']);
    assert.deepEqual(pick('GET', '/api/v1/namespaces/default/pods/nginx/log'), [true, 'get', '', 'default', 'pods', 'log', 'nginx']);
    assert.deepEqual(pick('GET', '/api/v1/namespaces/default'), [true, 'get', '', 'default', 'namespaces', '', 'default']);
    assert.deepEqual(pick('GET', '/api/v1/namespaces/default/pods', new URLSearchParams('watch=true')), [true, 'watch', '', 'default', 'pods', '', '']);
    assert.deepEqual(pick('DELETE', '/api/v1/namespaces/default/pods'), [true, 'deletecollection', '', 'default', 'pods', '', '']);
    assert.deepEqual(pick('POST', '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews'), [true, 'create', 'authorization.k8s.io', '', 'selfsubjectaccessreviews', '', '']);
    assert.deepEqual(pick('GET', '/apis/rbac.authorization.k8s.io/v1'), [false, 'get', '', '', '', '', '']);
    assert.deepEqual(pick('GET', '/version'), [false, 'get', '', '', '', '', '']);
  });
});

describe('RBAC', () => {
  const policy: RbacPolicy = {
    roles: [{ name: 'pod-reader', namespace: 'default', rules: [{ verbs: ['get', 'list'], apiGroups: [''], resources: ['pods'] }] }],
    clusterRoles: [
      { name: 'log-reader', rules: [{ verbs: ['get'], apiGroups: [''], resources: ['*/log'], resourceNames: ['web'] }] },
    ],
    roleBindings: [
      { name: 'rb', namespace: 'default', subjects: [{ kind: 'User', name: 'viewer' }], roleRef: { kind: 'Role', name: 'pod-reader' } },
      { name: 'logs', namespace: 'default', subjects: [{ kind: 'Group', name: 'devs' }], roleRef: { kind: 'ClusterRole', name: 'log-reader' } },
    ],
    clusterRoleBindings: [],
  };
  const attrs = (over: Partial<RequestAttributes>): RequestAttributes => ({
    user: { username: 'viewer', groups: ['system:authenticated'] }, verb: 'list', resourceRequest: true, apiGroup: '', apiVersion: 'v1',
    resource: 'pods', subresource: '', namespace: 'default', name: '', path: '/api/v1/namespaces/default/pods', ...over,
  });

  it('allows through a RoleBinding and says which', () => {
    const d = authorize(policy, attrs({}));
    assert.equal(d.decision, 'allow');
    assert.equal(d.reason, 'RBAC: allowed by RoleBinding "rb/default" of Role "pod-reader" to User "viewer"');
  });

  it('denies by default: other namespaces, other verbs, the cluster scope', () => {
    assert.equal(authorize(policy, attrs({ namespace: 'demo' })).decision, 'no-opinion');
    assert.equal(authorize(policy, attrs({ verb: 'delete' })).decision, 'no-opinion');
    assert.equal(authorize(policy, attrs({ namespace: '' })).decision, 'no-opinion');
  });

  it('matches */subresource and resourceNames, and groups as subjects', () => {
    const dev = { username: 'ann', groups: ['devs', 'system:authenticated'] };
    assert.equal(authorize(policy, attrs({ user: dev, verb: 'get', subresource: 'log', name: 'web' })).decision, 'allow');
    assert.equal(authorize(policy, attrs({ user: dev, verb: 'get', subresource: 'log', name: 'db' })).decision, 'no-opinion');
  });

  it('system:masters is allowed by the privileged-group authorizer alone, without a reason; RBAC is not asked', () => {
    const d = authorize(policy, attrs({ user: { username: 'root', groups: ['system:masters'] }, namespace: 'kube-system', verb: 'delete' }));
    assert.deepEqual(d, { decision: 'allow', reason: '', authorizer: 'privileged-group', matched: null, considered: [] });
    // Even where an RBAC binding would also allow it, the answer names no binding, role or rule.
    const both = authorize(policy, attrs({ user: { username: 'viewer', groups: ['system:masters', 'system:authenticated'] } }));
    assert.deepEqual([both.authorizer, both.matched, both.considered], ['privileged-group', null, []]);
  });

  it('writes kube-apiserver\'s forbidden sentences', () => {
    assert.equal(forbiddenMessage(attrs({ user: { username: 'jane', groups: [] } }), ''), 'User "jane" cannot list resource "pods" in API group "" in the namespace "default"');
    assert.equal(forbiddenMessage(attrs({ user: { username: 'jane', groups: [] }, namespace: '', subresource: 'log' }), ''), 'User "jane" cannot list resource "pods/log" in API group "" at the cluster scope');
    assert.equal(forbiddenMessage(attrs({ user: { username: 'x', groups: [] }, resourceRequest: false, verb: 'get', path: '/metrics' }), ''), 'User "x" cannot get path "/metrics"');
  });
});

describe('Go JSON', () => {
  it('escapes <, > and & like encoding/json and ends compact output with a newline', () => {
    assert.equal(goJson({ a: '<none> & more' }, false), '{"a":"\\u003cnone\\u003e \\u0026 more"}\n');
    assert.equal(goJson({ a: [] }, true), '{\n  "a": []\n}');
  });
});
