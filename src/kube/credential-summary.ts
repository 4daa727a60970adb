// Masked, teachable summaries of kubeconfig credentials. Nothing secret leaves this module: tokens are
// reduced to kind/length/public claims, keys and passwords are never read into the result.
import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { User } from '@kubernetes/client-node';
import { authInfoFrom, type KubectlAuthInfo } from './kubectl-config.js';
import type { AuthSummary, CertificateSummary, NameValue, TokenSummary } from './types.js';

function dnField(dn: string, key: string): string[] {
  // Node prints distinguished names one attribute per line: "CN=admin\nO=system:masters".
  return dn
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l.startsWith(`${key}=`))
    .map((l) => l.slice(key.length + 1));
}

/** Summarises the first certificate of a PEM bundle. */
export function summarizeCertificate(pem: Buffer | string, source: 'file' | 'data', file?: string, now: Date = new Date()): CertificateSummary {
  const cert = new X509Certificate(pem);
  const notBefore = new Date(cert.validFrom);
  const notAfter = new Date(cert.validTo);
  const summary: CertificateSummary = {
    subjectCN: dnField(cert.subject, 'CN')[0] ?? '',
    organizations: dnField(cert.subject, 'O'),
    issuerCN: dnField(cert.issuer, 'CN')[0] ?? '',
    notBefore: notBefore.toISOString(),
    notAfter: notAfter.toISOString(),
    expired: now.getTime() > notAfter.getTime(),
    source,
  };
  if (file !== undefined) summary.file = file;
  return summary;
}

function b64urlJson(part: string): Record<string, unknown> | null {
  try {
    const v: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/** Kind, length and (for JWTs) the public iss/sub/exp claims. The token itself is not kept. */
export function summarizeToken(token: string, source: TokenSummary['source']): TokenSummary {
  const t = token.trim();
  const parts = t.split('.');
  const [header, body] = parts;
  const payload = parts.length === 3 && header !== undefined && body !== undefined && b64urlJson(header) !== null ? b64urlJson(body) : null;
  if (!payload) return { kind: 'opaque', length: t.length, source };
  const claims: NonNullable<TokenSummary['claims']> = {};
  if (typeof payload.iss === 'string') claims.iss = payload.iss;
  if (typeof payload.sub === 'string') claims.sub = payload.sub;
  if (typeof payload.exp === 'number') claims.exp = new Date(payload.exp * 1000).toISOString();
  return { kind: 'jwt', length: t.length, claims, source };
}

export function describeToken(t: TokenSummary): string {
  return `Bearer <masked> (${t.kind === 'jwt' ? 'JWT' : 'opaque'}, ${t.length} chars)`;
}

function certLine(c: CertificateSummary): string {
  const o = c.organizations.length > 0 ? ` O=${c.organizations.join(',')}` : '';
  return `CN=${c.subjectCN}${o}, issued by ${c.issuerCN}, valid until ${c.notAfter}${c.expired ? ' (EXPIRED)' : ''}`;
}

/**
 * Describes how the user authenticates, as kubectl reads the entry. `rawUser` is the merged kubeconfig
 * entry's `user` map (kubectl's keys: tokenFile, as-groups…); without it, client-node's view of the user
 * is used. Secret values are never copied into the result. Throws (ENOENT) when kubectl would fail to
 * load the entry: a client certificate or a tokenFile (with no token beside it) that cannot be read.
 */
export function summarizeAuth(user: User, rawUser: Record<string, unknown> | null, now: Date = new Date()): AuthSummary {
  const a = rawUser ? authInfoFrom(user.name, rawUser) : authInfoFrom(user.name, JSON.parse(JSON.stringify({ token: user.token, 'client-certificate': user.certFile, 'client-certificate-data': user.certData, 'client-key': user.keyFile, 'client-key-data': user.keyData, username: user.username, password: user.password, as: user.impersonateUser, exec: user.exec as unknown, 'auth-provider': user.authProvider as unknown })));
  const details: NameValue[] = [];
  const extras = (summary: AuthSummary): AuthSummary => {
    if (a.ignoredKeys.includes('token-file')) summary.details.push({ name: 'token-file', value: 'ignored: kubectl reads tokenFile (token-file is client-node\'s key)' });
    const imp = impersonationOf(a);
    if (imp) {
      summary.impersonate = imp;
      summary.details.push({ name: 'impersonate', value: [`user ${imp.user}`, imp.uid ? `uid ${imp.uid}` : '', imp.groups.length > 0 ? `groups ${imp.groups.join(',')}` : '', imp.extraKeys.length > 0 ? `extra ${imp.extraKeys.join(',')}` : ''].filter((x) => x !== '').join('; ') });
    }
    return summary;
  };
  if (a.clientCertificate !== '' || a.clientCertificateData !== '') {
    const fromData = a.clientCertificateData !== '';
    const pem = fromData ? Buffer.from(a.clientCertificateData, 'base64') : readFileSync(a.clientCertificate);
    const cert = summarizeCertificate(pem, fromData ? 'data' : 'file', fromData ? undefined : a.clientCertificate, now);
    details.push({ name: 'client certificate', value: certLine(cert) });
    details.push({ name: 'client key', value: a.clientKeyData !== '' ? 'DATA+OMITTED (client-key-data)' : a.clientKey !== '' ? `<masked> (file ${a.clientKey})` : 'none' });
    const summary: AuthSummary = { kind: 'client-certificate', details, clientCertificate: cert };
    if (a.token !== '' || a.tokenFile !== '') {
      const t = a.token !== '' ? a.token : readFileSync(a.tokenFile, 'utf8').trim();
      summary.token = summarizeToken(t, a.token !== '' ? 'token' : 'token-file');
      details.push({ name: 'token', value: describeToken(summary.token) });
    }
    return extras(summary);
  }
  if (a.token !== '' || a.tokenFile !== '') {
    // kubectl reads tokenFile when it loads the kubeconfig (unless token is set): a missing file stops it there.
    const fromFile = a.token === '' ? readFileSync(a.tokenFile, 'utf8').trim() : null;
    const token = summarizeToken(fromFile ?? a.token, fromFile !== null ? 'token-file' : 'token');
    details.push({ name: 'token', value: describeToken(token) });
    if (a.tokenFile !== '') details.push({ name: 'token file', value: a.token !== '' ? `${a.tokenFile} (read at each request; its content wins over token when it can be read)` : a.tokenFile });
    return extras({ kind: fromFile !== null ? 'token-file' : 'token', details, token });
  }
  if (a.exec) {
    const envNames = a.exec.env.map((e) => e.name).filter((n) => n !== '');
    const summary = { command: a.exec.command, args: a.exec.args, apiVersion: a.exec.apiVersion, envNames };
    details.push({ name: 'exec plugin', value: [summary.command, ...summary.args].join(' ') });
    if (envNames.length > 0) details.push({ name: 'plugin env (names only)', value: envNames.join(', ') });
    details.push({ name: 'credential', value: 'produced by the plugin at request time; <masked>' });
    return extras({ kind: 'exec', details, exec: summary });
  }
  if (a.authProvider) {
    const name = a.authProvider.name !== '' ? a.authProvider.name : 'unknown';
    details.push({ name: 'auth provider', value: name });
    return extras({ kind: 'auth-provider', details, authProvider: { name } });
  }
  if (a.username !== '' || a.password !== '') {
    details.push({ name: 'basic auth', value: 'username and password: REDACTED' });
    return extras({ kind: 'basic', details });
  }
  details.push({ name: 'credentials', value: 'none: on an https:// server kubectl would ask for a user name and password on the terminal ("Please enter Username:"); without them requests are anonymous (system:anonymous) if the server allows it' });
  return extras({ kind: 'none', details });
}

function impersonationOf(a: KubectlAuthInfo): AuthSummary['impersonate'] | null {
  if (a.impersonate === '' && a.impersonateUid === '' && a.impersonateGroups.length === 0 && Object.keys(a.impersonateUserExtra).length === 0) return null;
  const out: NonNullable<AuthSummary['impersonate']> = { user: a.impersonate, groups: a.impersonateGroups, extraKeys: Object.keys(a.impersonateUserExtra).sort() };
  if (a.impersonateUid !== '') out.uid = a.impersonateUid;
  return out;
}
