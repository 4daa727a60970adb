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
    { label: 'Subject', value: `CN=${c.subjectCN}${o}`, path: `${path}.subjectCN` },
    { label: 'Issuer', value: `CN=${c.issuerCN}`, path: `${path}.issuerCN` },
    {
      label: 'Valid',
      value: `${c.notBefore.slice(0, 10)} → ${c.notAfter.slice(0, 10)}${c.expired ? '  EXPIRED' : ''}`,
      path: `${path}.notAfter`,
      tone: c.expired ? 'fail' : undefined,
    },
  ];
}

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
      ? [{ label: 'Sandbox', value: `${d.sandbox.server}  (scenario ${d.sandbox.scenario}; ${d.sandbox.reason === 'flag' ? '--sandbox' : 'no kubeconfig found'})`, path: 'sandbox.server' }]
      : [];
  lines.push(
    ...kvLines(
      [
        ...files,
        ...sandbox,
        { label: 'Context', value: `${d.currentContext}  (${d.contextSource === 'flag' ? '--context' : 'current-context'})`, path: 'currentContext', tone: 'accent' },
        { label: 'Namespace', value: `${d.namespace.value}  (from ${d.namespace.source})`, path: 'namespace.value' },
      ],
      ctx,
    ),
    blankLine(),
    ...sectionLines('Cluster', ctx, 'cluster'),
    ...kvLines(
      [
        { label: 'Name', value: d.cluster.name, path: 'cluster.name' },
        { label: 'Server', value: d.cluster.server, path: 'cluster.server', exact: true, tone: 'accent' },
        { label: 'Trust', value: d.cluster.trust.kind + (d.cluster.trust.caFile !== undefined ? `  ${d.cluster.trust.caFile}` : ''), path: 'cluster.trust.kind' },
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
        { label: 'Auth', value: d.user.auth.kind, path: 'user.auth.kind', tone: 'accent' },
        ...d.user.auth.details.map((nv) => ({ label: nv.name, value: nv.value })),
        ...(d.user.auth.clientCertificate !== undefined ? certEntries(d.user.auth.clientCertificate, 'user.auth.clientCertificate') : []),
        ...(d.user.auth.token !== undefined
          ? [
              { label: 'Token', value: `${d.user.auth.token.kind}, ${d.user.auth.token.length} chars (masked)`, path: 'user.auth.token.kind' },
              ...(d.user.auth.token.claims?.sub !== undefined ? [{ label: 'Token sub', value: d.user.auth.token.claims.sub }] : []),
            ]
          : []),
        ...(d.user.auth.exec !== undefined
          ? [{ label: 'Exec', value: [d.user.auth.exec.command, ...d.user.auth.exec.args].join(' '), path: 'user.auth.exec.command' }]
          : []),
      ],
      ctx,
    ),
  );
  return lines;
}
