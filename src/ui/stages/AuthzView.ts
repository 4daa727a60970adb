// The authz stage: who the server thinks you are, whether RBAC allows this list, and (sandbox only) the
// authentication → priority and fairness → authorization chain inside the API server.
import type { AuthzData } from '../../trace/types.js';
import type { GlassBoxRecord } from '../../glassbox/types.js';
import type { KV } from '../components/KeyValue.js';
import { kvLines } from '../components/KeyValue.js';
import type { Line } from '../components/lines.js';
import { blankLine, line, paragraphLines, seg, textLine } from '../components/lines.js';
import { sectionLines } from '../components/LookAt.js';
import type { ViewContext } from '../components/viewContext.js';
import { otherStage } from '../components/viewContext.js';
import { colors } from '../theme.js';
import { formatMs, padEnd, padStart } from '../../text/index.js';
import { glassBoxPageLabel } from '../../render/facts.js';
import { glassBoxLines, glassBoxUnavailableLines } from './common.js';

/** The handler chain as bars, in kube-apiserver's order. */
export function glassBoxStepLines(g: GlassBoxRecord, width: number): Line[] {
  const labelW = Math.min(22, Math.max(...g.steps.map((s) => s.step.length)) + 1);
  const msW = Math.max(7, ...g.steps.map((s) => formatMs(s.durationMs).length));
  const barW = Math.max(4, width - labelW - msW - 2);
  const total = Math.max(g.totalMs, ...g.steps.map((s) => s.durationMs), 0.001);
  const lines: Line[] = [];
  for (const s of g.steps) {
    const len = Math.max(1, Math.min(barW, Math.round((s.durationMs / total) * barW)));
    lines.push(line(seg(padEnd(s.step, labelW), { color: colors.muted }), seg('▇'.repeat(len), { color: colors.glassBox }), seg(`${' '.repeat(barW - len + 1)}${padStart(formatMs(s.durationMs), msW)}`)));
    lines.push(...paragraphLines(s.summary, width, { color: colors.muted }, 2));
  }
  return lines;
}

function insideAuthzLines(g: GlassBoxRecord, ctx: ViewContext): Line[] {
  const w = ctx.width - 2;
  const inner = { ...ctx, width: w };
  const a = g.authentication;
  const z = g.authorization;
  const lines: Line[] = [
    ...paragraphLines(`Audit-Id ${g.auditId} · ${g.method} ${g.path}${g.query !== '' ? `?${g.query.replace(/^\?/, '')}` : ''}`, w, { color: colors.muted }),
    ...glassBoxStepLines(g, w),
    blankLine(),
    ...kvLines(
      [
        { label: 'Authenticator', value: `${a.authenticator}${a.authenticated ? '' : ' (not authenticated)'}`, path: 'insideApiServer.authentication.authenticator' },
        { label: 'Detail', value: a.detail },
        ...(a.user !== null ? [{ label: 'User', value: `${a.user.username}  groups: ${a.user.groups.join(', ') || '(none)'}`, path: 'insideApiServer.authentication.user.username' }] : []),
        ...(g.priorityAndFairness !== null
          ? [{ label: 'Flow schema', value: `${g.priorityAndFairness.flowSchema} → priority level ${g.priorityAndFairness.priorityLevel}`, path: 'insideApiServer.priorityAndFairness.flowSchema' }]
          : []),
      ],
      inner,
    ),
  ];
  if (z !== null) {
    const at = z.attributes;
    const entries: KV[] = [
      { label: 'Attributes', value: `verb=${at.verb} resource=${at.resource} apiGroup="${at.apiGroup}" namespace=${at.namespace || '(all)'}`, path: 'insideApiServer.authorization.attributes' },
      { label: 'Decision', value: z.decision, path: 'insideApiServer.authorization.decision', tone: z.decision === 'allow' ? 'ok' : 'fail' },
      { label: 'Reason', value: z.reason || '(none given)', path: 'insideApiServer.authorization.reason' },
    ];
    if (z.matched !== null) {
      const m = z.matched;
      const ns = (x: { namespace?: string }): string => (x.namespace !== undefined ? ` in ${x.namespace}` : '');
      entries.push(
        { label: 'Subject', value: `${m.subject.kind} ${m.subject.name}` },
        { label: 'Binding', value: `${m.binding.kind} ${m.binding.name}${ns(m.binding)}`, path: 'insideApiServer.authorization.matched.binding' },
        { label: 'Role', value: `${m.role.kind} ${m.role.name}${ns(m.role)}`, path: 'insideApiServer.authorization.matched.role' },
        {
          label: 'Rule',
          value: `verbs [${m.rule.verbs.join(', ')}] apiGroups [${m.rule.apiGroups.map((g2) => JSON.stringify(g2)).join(', ')}] resources [${m.rule.resources.join(', ')}]`,
          path: 'insideApiServer.authorization.matched.rule',
        },
      );
    }
    lines.push(blankLine(), ...kvLines(entries, inner));
    if (z.considered.length > 0) {
      lines.push(textLine('Bindings looked at:', { color: colors.muted }));
      for (const c of z.considered) lines.push(...paragraphLines(`• ${c}`, w, {}, 2));
    }
  }
  // Which page of a paged list this record is of: from its query and the etcd stage's pages.
  const etcd = otherStage(ctx, 'etcd');
  const which = etcd !== null ? glassBoxPageLabel(g, null, etcd.pages) : /[?&]?continue=/.test(g.query) ? null : 'the first request';
  return glassBoxLines(lines, ctx, 'insideApiServer', which);
}

export function authzView(d: AuthzData, ctx: ViewContext): Line[] {
  const lines: Line[] = [...sectionLines('The real request', ctx, 'outcome')];
  const o = d.outcome;
  lines.push(
    ...kvLines(
      [
        {
          label: 'Outcome',
          value: o.status === null ? 'no response' : `${o.status} ${o.allowed ? 'allowed' : 'denied'}${o.statusReason !== undefined ? ` (${o.statusReason})` : ''}`,
          path: 'outcome.status',
          tone: o.allowed ? 'ok' : 'fail',
        },
        ...(o.statusMessage !== undefined && o.statusMessage !== '' ? [{ label: 'Message', value: o.statusMessage, path: 'outcome.statusMessage' }] : []),
      ],
      ctx,
    ),
    blankLine(),
    ...sectionLines('Who am I? (SelfSubjectReview)', ctx, 'whoami'),
  );
  if (d.whoami.available) {
    const w = d.whoami;
    lines.push(
      ...kvLines(
        [
          { label: 'Username', value: w.username, path: 'whoami.username', tone: 'accent' },
          ...(w.uid !== undefined && w.uid !== '' ? [{ label: 'UID', value: w.uid }] : []),
          { label: 'Groups', value: w.groups.length > 0 ? w.groups.join(', ') : '(none)', path: 'whoami.groups' },
          ...Object.entries(w.extra).map(([k, v]) => ({ label: k, value: v.length > 0 ? v.join(', ') : '(none)' })),
        ],
        ctx,
      ),
    );
  } else {
    lines.push(...paragraphLines(d.whoami.reason, ctx.width, { color: colors.muted }, 2));
  }
  lines.push(blankLine(), ...sectionLines('Can I? (SelfSubjectAccessReview)', ctx, 'access'));
  if (d.access.available) {
    const a = d.access;
    const at = a.attributes;
    lines.push(
      ...kvLines(
        [
          { label: 'Question', value: `${at.verb} ${at.resource}${at.group !== '' ? '.' + at.group : ''}${at.name !== undefined ? '/' + at.name : ''} in ${at.namespace ?? 'all namespaces'}`, path: 'access.attributes' },
          { label: 'Answer', value: a.allowed ? 'yes' : 'no', path: 'access.allowed', tone: a.allowed ? 'ok' : 'fail' },
          { label: 'Reason', value: a.reason || '(no reason given)', path: 'access.reason' },
          ...(a.evaluationError !== undefined && a.evaluationError !== '' ? [{ label: 'Eval error', value: a.evaluationError, tone: 'fail' as const }] : []),
        ],
        ctx,
      ),
    );
  } else {
    lines.push(...paragraphLines(d.access.reason, ctx.width, { color: colors.muted }, 2));
  }
  // Only one of the two is shown: the glass box, or the note saying why there is none.
  if (d.insideApiServer !== null) {
    ctx.seen.add('insideApiServerNote');
    lines.push(...insideAuthzLines(d.insideApiServer, ctx));
  } else {
    ctx.seen.add('insideApiServer');
    lines.push(...glassBoxUnavailableLines(d.insideApiServerNote, ctx));
  }
  return lines;
}
