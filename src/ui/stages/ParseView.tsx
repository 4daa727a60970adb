// The parse stage: how the command line was understood, and the kubectl command it stands for.
import type { ParseData } from '../../trace/types.js';
import { kvLines } from '../components/KeyValue.js';
import type { Line } from '../components/lines.js';
import { blankLine, textLine } from '../components/lines.js';
import { sectionLines } from '../components/LookAt.js';
import type { ViewContext } from '../components/viewContext.js';
import { colors } from '../theme.js';
import { padEnd } from '../text/wrap.js';

export function parseView(d: ParseData, ctx: ViewContext): Line[] {
  const lines: Line[] = [
    ...kvLines(
      [
        { label: 'You typed', value: `kube-trace ${d.argv.join(' ')}`, path: 'argv', exact: true },
        { label: 'kubectl', value: d.kubectlEquivalent, path: 'kubectlEquivalent', tone: 'accent', exact: true },
        { label: 'Verb', value: d.verb, path: 'verb' },
        { label: 'Resource', value: d.resource, path: 'resource' },
        ...(d.resourceName !== null ? [{ label: 'Name', value: d.resourceName, path: 'resourceName' }] : []),
        { label: 'Output', value: d.output, path: 'output' },
        { label: 'Shown as', value: d.mode, path: 'mode' },
      ],
      ctx,
    ),
    blankLine(),
    ...sectionLines('Flags', ctx, 'flags'),
  ];
  if (d.flags.length === 0) lines.push(textLine('  (none)', { color: colors.muted }));
  const nameW = Math.max(4, ...d.flags.map((f) => f.name.length + 2));
  const valW = Math.max(5, ...d.flags.map((f) => String(f.value).length));
  for (const f of d.flags) {
    const where = f.source === 'flag' ? `typed as ${f.given ?? '--' + f.name}` : f.source === 'env' ? 'from the environment' : 'default';
    const own = f.kubeTraceOnly ? '  (kube-trace only)' : '';
    lines.push(
      textLine(`  ${padEnd('--' + f.name, nameW)}  ${padEnd(String(f.value), valW)}  ${where}${own}`, {
        color: f.source === 'default' ? colors.muted : undefined,
      }),
    );
  }
  return lines;
}
