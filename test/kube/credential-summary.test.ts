import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { User } from '@kubernetes/client-node';
import { summarizeAuth, summarizeCertificate, summarizeToken } from '../../src/kube/credential-summary.js';
import { createCa, issue } from '../trace/helpers/pki.js';

const b64url = (o: object): string => Buffer.from(JSON.stringify(o)).toString('base64url');

describe('credential summaries are masked and teachable', () => {
  it('reads a JWT as kind jwt with only iss, sub and exp', () => {
    const jwt = `${b64url({ alg: 'RS256', kid: 'k' })}.${b64url({ iss: 'https://issuer', sub: 'system:serviceaccount:default:sa', exp: 1_900_000_000, secretish: 'SHOULD-NOT-APPEAR' })}.c2lnbmF0dXJl`;
    const t = summarizeToken(jwt, 'token');
    assert.equal(t.kind, 'jwt');
    assert.equal(t.length, jwt.length);
    assert.deepEqual(t.claims, { iss: 'https://issuer', sub: 'system:serviceaccount:default:sa', exp: new Date(1_900_000_000_000).toISOString() });
    assert.ok(!JSON.stringify(t).includes('SHOULD-NOT-APPEAR'));
  });

  it('reads anything else as an opaque token of some length', () => {
    assert.deepEqual(summarizeToken('abc.def', 'token-file'), { kind: 'opaque', length: 7, source: 'token-file' });
  });

  it('summarises a client certificate: CN, O, issuer, expiry, and notices an expired one', async () => {
    const ca = await createCa('my-ca');
    const old = await issue(ca, { cn: 'jane', orgs: ['dev', 'ops'], notBefore: new Date(Date.now() - 10 * 86400_000), notAfter: new Date(Date.now() - 86400_000) });
    const s = summarizeCertificate(old.certPem, 'data');
    assert.equal(s.subjectCN, 'jane');
    assert.deepEqual(s.organizations, ['dev', 'ops']);
    assert.equal(s.issuerCN, 'my-ca');
    assert.equal(s.expired, true);
  });

  it('never carries a password, token or exec env value', () => {
    const basic = summarizeAuth({ name: 'b', username: 'alice-MARKER-USER', password: 'MARKER-PASSWORD' } as User, null);
    assert.equal(basic.kind, 'basic');
    assert.ok(!JSON.stringify(basic).includes('MARKER'));
    const tok = summarizeAuth({ name: 't', token: 'MARKER-TOKEN-123' } as User, null);
    assert.equal(tok.kind, 'token');
    assert.match(tok.details[0]?.value ?? '', /^Bearer <masked> \(opaque, 16 chars\)$/);
    assert.ok(!JSON.stringify(tok).includes('MARKER'));
    const exec = summarizeAuth({ name: 'e', exec: { command: 'aws', args: ['eks', 'get-token'], apiVersion: 'client.authentication.k8s.io/v1', env: [{ name: 'AWS_PROFILE', value: 'MARKER-ENV' }] } } as unknown as User, null);
    assert.deepEqual(exec.exec, { command: 'aws', args: ['eks', 'get-token'], apiVersion: 'client.authentication.k8s.io/v1', envNames: ['AWS_PROFILE'] });
    assert.ok(!JSON.stringify(exec).includes('MARKER'));
  });
});
