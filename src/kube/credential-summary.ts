// Masked, teachable summaries of kubeconfig credentials. Nothing secret leaves this module: tokens are
// reduced to kind/length/public claims, keys and passwords are never read into the result.
import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { User } from '@kubernetes/client-node';
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
  const payload = parts.length === 3 && b64urlJson(parts[0]!) !== null ? b64urlJson(parts[1]!) : null;
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
 * Describes how the user authenticates. `rawUser` is the merged kubeconfig entry's `user` map, used
 * only to see which fields are present (token-file path) — its secret values are not copied.
 */
export function summarizeAuth(user: User, rawUser: Record<string, unknown> | null, now: Date = new Date()): AuthSummary {
  const details: NameValue[] = [];
  const tokenFile = rawUser && typeof rawUser['token-file'] === 'string' ? rawUser['token-file'] : null;
  if (user.certFile || user.certData) {
    const pem = user.certFile ? readFileSync(user.certFile) : Buffer.from(user.certData ?? '', 'base64');
    const cert = summarizeCertificate(pem, user.certFile ? 'file' : 'data', user.certFile ?? undefined, now);
    details.push({ name: 'client certificate', value: certLine(cert) });
    details.push({ name: 'client key', value: user.keyFile ? `<masked> (file ${user.keyFile})` : 'DATA+OMITTED (client-key-data)' });
    return { kind: 'client-certificate', details, clientCertificate: cert };
  }
  if (user.token) {
    const token = summarizeToken(user.token, tokenFile ? 'token-file' : 'token');
    details.push({ name: 'token', value: describeToken(token) });
    if (tokenFile) details.push({ name: 'token file', value: tokenFile });
    return { kind: tokenFile ? 'token-file' : 'token', details, token };
  }
  if (user.exec) {
    const exec = user.exec as { command?: unknown; args?: unknown; apiVersion?: unknown; env?: unknown };
    const envNames = Array.isArray(exec.env)
      ? (exec.env as { name?: unknown }[]).map((e) => (typeof e.name === 'string' ? e.name : '')).filter((n) => n !== '')
      : [];
    const summary = {
      command: typeof exec.command === 'string' ? exec.command : '',
      args: Array.isArray(exec.args) ? exec.args.map(String) : [],
      apiVersion: typeof exec.apiVersion === 'string' ? exec.apiVersion : '',
      envNames,
    };
    details.push({ name: 'exec plugin', value: [summary.command, ...summary.args].join(' ') });
    if (envNames.length > 0) details.push({ name: 'plugin env (names only)', value: envNames.join(', ') });
    details.push({ name: 'credential', value: 'produced by the plugin at request time; <masked>' });
    return { kind: 'exec', details, exec: summary };
  }
  if (user.authProvider) {
    const name = typeof user.authProvider.name === 'string' ? user.authProvider.name : 'unknown';
    details.push({ name: 'auth provider', value: name });
    return { kind: 'auth-provider', details, authProvider: { name } };
  }
  if (user.username || user.password) {
    details.push({ name: 'basic auth', value: 'username and password: REDACTED' });
    return { kind: 'basic', details };
  }
  details.push({ name: 'credentials', value: 'none: requests are anonymous (system:anonymous) if the server allows it' });
  return { kind: 'none', details };
}
