// The sandbox's PKI, made fresh at every start and kept in memory only: a CA, a server certificate
// for 127.0.0.1/localhost, and client certificates whose CN/O become user name/groups (kube's x509
// authenticator rule). EC P-256 keys keep the whole set well under 200 ms.

import { webcrypto, randomBytes } from 'node:crypto';
import './reflect-metadata.js';
import * as x509 from '@peculiar/x509';

x509.cryptoProvider.set(webcrypto as unknown as Crypto);

const EC = { name: 'ECDSA', namedCurve: 'P-256' } as const;
const SIGN = { name: 'ECDSA', hash: 'SHA-256' } as const;

export interface PemPair {
  certPem: string;
  keyPem: string;
}

export interface ClientIdentity extends PemPair {
  user: string;
  groups: string[];
}

export interface SandboxPki {
  ca: PemPair;
  server: PemPair;
  clients: Record<'admin' | 'viewer' | 'nobody', ClientIdentity>;
}

async function keyPair(): Promise<CryptoKeyPair> {
  return (await webcrypto.subtle.generateKey(EC, true, ['sign', 'verify']));
}

async function keyPem(key: CryptoKey): Promise<string> {
  const der = await webcrypto.subtle.exportKey('pkcs8', key);
  return x509.PemConverter.encode(der, 'PRIVATE KEY');
}

function serial(): string {
  const b = randomBytes(16);
  b[0] = (b[0] as number) & 0x7f; // positive
  return b.toString('hex');
}

function validity(now: Date): { notBefore: Date; notAfter: Date } {
  // Back-dated a little so a client clock slightly behind still accepts it.
  return { notBefore: new Date(now.getTime() - 60 * 60 * 1000), notAfter: new Date(now.getTime() + 365 * 24 * 60 * 60 * 1000) };
}

/** Escape a value for an RFC 4514 distinguished name string. */
function dn(value: string): string {
  return value.replace(/([,+"\\<>;=])/g, '\\$1');
}

export async function generatePki(opts: { now: Date; serverNames?: { dns: string[]; ips: string[] } }): Promise<SandboxPki> {
  const names = opts.serverNames ?? { dns: ['localhost'], ips: ['127.0.0.1'] };
  const [caKeys, serverKeys, adminKeys, viewerKeys, nobodyKeys] = await Promise.all([keyPair(), keyPair(), keyPair(), keyPair(), keyPair()]);
  const { notBefore, notAfter } = validity(opts.now);
  const caName = 'CN=kube-trace-sandbox-ca';
  const caCert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: serial(),
    name: caName,
    notBefore,
    notAfter,
    signingAlgorithm: SIGN,
    keys: caKeys,
    extensions: [
      new x509.BasicConstraintsExtension(true, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign | x509.KeyUsageFlags.digitalSignature, true),
      await x509.SubjectKeyIdentifierExtension.create(caKeys.publicKey),
    ],
  });

  const issue = async (subject: string, keys: CryptoKeyPair, usage: 'server' | 'client', san?: { dns: string[]; ips: string[] }): Promise<PemPair> => {
    const extensions: x509.Extension[] = [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyEncipherment, true),
      new x509.ExtendedKeyUsageExtension([usage === 'server' ? x509.ExtendedKeyUsage.serverAuth : x509.ExtendedKeyUsage.clientAuth]),
      await x509.AuthorityKeyIdentifierExtension.create(caKeys.publicKey),
    ];
    if (san) {
      extensions.push(new x509.SubjectAlternativeNameExtension([...san.dns.map((value) => ({ type: 'dns' as const, value })), ...san.ips.map((value) => ({ type: 'ip' as const, value }))]));
    }
    const cert = await x509.X509CertificateGenerator.create({
      serialNumber: serial(),
      subject,
      issuer: caCert.subject,
      notBefore,
      notAfter,
      signingAlgorithm: SIGN,
      publicKey: keys.publicKey,
      signingKey: caKeys.privateKey,
      extensions,
    });
    return { certPem: cert.toString('pem'), keyPem: await keyPem(keys.privateKey) };
  };

  const client = async (user: string, groups: string[], keys: CryptoKeyPair): Promise<ClientIdentity> => {
    const subject = [...groups.map((g) => `O=${dn(g)}`), `CN=${dn(user)}`].join(', ');
    return { user, groups, ...(await issue(subject, keys, 'client')) };
  };

  const [server, admin, viewer, nobody, caKeyPem] = await Promise.all([
    issue(`CN=${dn(names.dns[0] ?? 'kube-trace-sandbox')}`, serverKeys, 'server', names),
    client('kubernetes-admin', ['system:masters'], adminKeys),
    client('viewer', [], viewerKeys),
    client('nobody', [], nobodyKeys),
    keyPem(caKeys.privateKey),
  ]);
  return { ca: { certPem: caCert.toString('pem'), keyPem: caKeyPem }, server, clients: { admin, viewer, nobody } };
}
