// The parse stage: how the command line was understood, and the kubectl command it stands for. Every
// flag shows its value and where it came from; a defaulted flag says what the default means (and,
// once the kubeconfig stage has run, what it came to in this run), never `null` or an empty value.
import type { ParseData } from '../../trace/types.js';
import { flagValue } from '../../render/facts.js';
import type { KV } from '../components/KeyValue.js';
import { kvLines } from '../components/KeyValue.js';
import type { Line } from '../components/lines.js';
import { blankLine, paragraphLines, textLine } from '../components/lines.js';
import { sectionLines } from '../components/LookAt.js';
import type { ViewContext } from '../components/viewContext.js';
import { otherStage } from '../components/viewContext.js';
import { colors } from '../theme.js';

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
  ];
  // The sandbox's kubeconfig lives only as long as this run: say so beside the command that names it.
  if (ctx.run.sandboxKubeconfig !== null && d.kubectlEquivalent.includes(ctx.run.sandboxKubeconfig)) {
    lines.push(...paragraphLines('That kubeconfig is the sandbox\'s: it works while kube-trace is open and is removed when it exits. For a sandbox that stays: kube-trace sandbox --kubeconfig-out FILE.', ctx.width, { color: colors.muted }, 4));
  }
  lines.push(blankLine(), ...sectionLines('Flags', ctx, 'flags'));
  if (d.flags.length === 0) lines.push(textLine('  (none)', { color: colors.muted }));
  const entries: KV[] = d.flags.map((f) => ({ label: `--${f.name}`, value: flagValue(f, otherStage(ctx, 'kubeconfig')), tone: f.source === 'default' ? 'muted' : undefined }));
  lines.push(...kvLines(entries, ctx));
  return lines;
}
