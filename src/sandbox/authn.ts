// Authentication in kube-apiserver's order: client certificate (verified against the sandbox CA),
// then bearer token; no credentials → system:anonymous. A credential that fails → 401.

import { createHash, timingSafeEqual } from 'node:crypto';
import type { UserInfo } from './rbac.js';
import { tlsSocketOf, type SandboxRequest } from './http.js';

export interface AuthnResult {
  authenticator: 'x509' | 'bearer-token' | 'anonymous' | 'none';
  user: UserInfo | null; // null = 401
  detail: string;
}

export interface TokenUser {
  token: string;
  user: UserInfo;
}

function list(v: string | string[] | undefined): string[] {
  return v === undefined ? [] : Array.isArray(v) ? v : [v];
}

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export interface AuthnOptions {
  /** v1.33: the x509 authenticator adds extra authentication.kubernetes.io/credential-id = X509SHA256=<sha256 of the certificate's DER, hex>. */
  x509CredentialId: boolean;
}

export const CREDENTIAL_ID_EXTRA = 'authentication.kubernetes.io/credential-id';

export function authenticate(req: SandboxRequest, tokens: TokenUser[], opts: AuthnOptions): AuthnResult {
  const socket = tlsSocketOf(req);
  const failures: string[] = [];
  // Node's types claim more than it gives: no certificate is {}, a destroyed socket null, a name given twice an array.
  const peer = socket ? (socket.getPeerCertificate() as { subject?: { CN?: string | string[]; O?: string | string[] }; raw: Buffer } | null) : null;
  if (socket && peer && Object.keys(peer).length > 0) {
    const cn = list(peer.subject?.CN)[0] ?? '';
    const orgs = list(peer.subject?.O);
    if (socket.authorized && cn) {
      const extra = opts.x509CredentialId ? { extra: { [CREDENTIAL_ID_EXTRA]: [`X509SHA256=${createHash('sha256').update(peer.raw).digest('hex')}`] } } : {};
      return {
        authenticator: 'x509',
        user: { username: cn, groups: [...orgs, 'system:authenticated'], ...extra },
        detail: `client certificate CN=${cn} O=[${orgs.join(' ')}] verified against the sandbox CA`,
      };
    }
    // On a server socket Node sets authorizationError to the verify error's code, a string (its types say Error).
    const why = socket.authorizationError as string | Error | undefined;
    failures.push(`client certificate CN=${cn} rejected: ${String(why ?? 'no common name')}`);
  }
  const header = req.headers.authorization;
  if (header !== undefined) {
    const m = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (m) {
      const presented = m[1] as string;
      const match = tokens.find((t) => sameSecret(t.token, presented));
      if (match) {
        return { authenticator: 'bearer-token', user: { ...match.user, groups: [...match.user.groups, 'system:authenticated'] }, detail: 'bearer token matched the static token file entry' };
      }
      return { authenticator: 'bearer-token', user: null, detail: [...failures, 'bearer token is not valid (the token itself is never recorded)'].join('; ') };
    }
  }
  if (failures.length > 0) return { authenticator: 'x509', user: null, detail: failures.join('; ') };
  return { authenticator: 'anonymous', user: { username: 'system:anonymous', groups: ['system:unauthenticated'] }, detail: 'no client certificate and no bearer token: anonymous authentication' };
}
