// The kubeconfig stage: which kubeconfig, context, cluster and user were picked, and how trust and identity work.
import type { CertificateSummary, KubeconfigData } from '../../trace/types.js';
import type { KV } from '../components/KeyValue.js';
import { kvLines } from '../components/KeyValue.js';
import type { Line } from '../components/lines.js';
import { blankLine } from '../components/lines.js';
import { sectionLines } from '../components/LookAt.js';
import type { ViewContext } from '../components/viewContext.js';

function certEntries(c: CertificateSummary, path: string): KV[] {
  const o = c.organizations.length > 0 ? ` O=${c.organizations.join(',')}` : '';
  return [
    { label: 'Subject', value: `CN=${c.subjectCN || '(empty)'}${o}`, path: `${path}.subjectCN` },
    { label: 'Issuer', value: `CN=${c.issuerCN || '(empty)'}`, path: `${path}.issuerCN` },
    {
      label: 'Valid',
      value: `${c.notBefore.slice(0, 10)} → ${c.notAfter.slice(0, 10)}${c.expired ? '  EXPIRED' : ''}`,
      path: `${path}.notAfter`,
      tone: c.expired ? 'fail' : undefined,
    },
  ];
}

const TRUST: Record<KubeconfigData['cluster']['trust']['kind'], string> = {
  'ca-file': 'a CA file (certificate-authority)',
  'ca-data': 'a CA in the kubeconfig (certificate-authority-data)',
  'system-roots': "the system's root CAs",
  'insecure-skip-verify': 'insecure-skip-tls-verify: the server certificate is NOT checked',
};

const NAMESPACE_SOURCE: Record<KubeconfigData['namespace']['source'], string> = {
  flag: 'from -n',
  context: "from the context's namespace",
  default: 'no namespace anywhere: the "default" fallback',
  'all-namespaces': '-A: every namespace',
};

export function kubeconfigView(d: KubeconfigData, ctx: ViewContext): Line[] {
  const lines: Line[] = [];
  const files: KV[] = d.files.map((f, i) => ({
    label: i === 0 ? 'File' : '',
    value: `${f.path}${f.exists ? '' : '  (missing)'}  [${f.source}]`,
    path: `files.${i}.path`,
    exact: true,
    tone: f.exists ? undefined : 'muted',
  }));
  const sandbox: KV[] =
    d.sandbox !== null
      ? [{ label: 'Sandbox', value: `${d.sandbox.server}  (scenario ${d.sandbox.scenario}; ${d.sandbox.reason === 'flag' ? '--sandbox' : 'no kubeconfig found'}; its kubeconfig is removed when kube-trace exits)`, path: 'sandbox.server' }]
      : [];
  const auth = d.user.auth;
  lines.push(
    ...kvLines(
      [
        ...files,
        ...sandbox,
        { label: 'Context', value: `${d.currentContext}  (${d.contextSource === 'flag' ? '--context' : 'current-context'})`, path: 'currentContext', tone: 'accent' },
        { label: 'Namespace', value: `${d.namespace.value || '(all)'}  (${NAMESPACE_SOURCE[d.namespace.source]})`, path: 'namespace.value' },
      ],
      ctx,
    ),
    blankLine(),
    ...sectionLines('Cluster', ctx, 'cluster'),
    ...kvLines(
      [
        { label: 'Name', value: d.cluster.name, path: 'cluster.name' },
        { label: 'Server', value: d.cluster.server, path: 'cluster.server', exact: true, tone: 'accent' },
        { label: 'Trust', value: TRUST[d.cluster.trust.kind] + (d.cluster.trust.caFile !== undefined ? `  ${d.cluster.trust.caFile}` : ''), path: 'cluster.trust.kind' },
        ...(d.cluster.trust.ca !== undefined ? certEntries(d.cluster.trust.ca, 'cluster.trust.ca').map((e) => ({ ...e, label: `CA ${e.label.toLowerCase()}` })) : []),
        ...(d.cluster.trust.tlsServerName !== undefined ? [{ label: 'TLS name', value: d.cluster.trust.tlsServerName }] : []),
        ...(d.cluster.proxyUrl !== undefined ? [{ label: 'Proxy', value: d.cluster.proxyUrl, path: 'cluster.proxyUrl' }] : []),
      ],
      ctx,
    ),
    blankLine(),
    ...sectionLines('User', ctx, 'user'),
    ...kvLines(
      [
        { label: 'Name', value: d.user.name, path: 'user.name' },
        { label: 'Auth', value: auth.kind, path: 'user.auth.kind', tone: 'accent' },
        ...auth.details.map((nv) => ({ label: nv.name, value: nv.value })),
        ...(auth.clientCertificate !== undefined ? certEntries(auth.clientCertificate, 'user.auth.clientCertificate') : []),
        ...(auth.token !== undefined
          ? [
              { label: 'Token', value: `${auth.token.kind}, ${auth.token.length} chars (masked)`, path: 'user.auth.token.kind' },
              ...(auth.token.claims?.sub !== undefined ? [{ label: 'Token sub', value: auth.token.claims.sub }] : []),
            ]
          : []),
        ...(auth.exec !== undefined ? [{ label: 'Exec', value: [auth.exec.command, ...auth.exec.args].join(' '), path: 'user.auth.exec.command' }] : []),
      ],
      ctx,
    ),
  );
  return lines;
}
