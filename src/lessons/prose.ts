// Lesson text is markup (src/text/markup.ts) whose ::: blocks mean one of three things:
//   ::: server RANGE     holds for kube-apiserver versions in RANGE, e.g. "::: server >=1.31"
//   ::: kubectl RANGE    holds for kubectl versions in RANGE, e.g. "::: kubectl <1.30"
//   ::: captured VERSION an example from a captured cluster, e.g. "::: captured v1.28.7": shown under
//                        "In a captured v1.28.7 cluster:", its spans marked origin 'captured'
// A closing line ":::" ends each. Blocks nest (a captured example inside a version scope).

import { layoutBlocks, parseMarkup, span, toBlocks, type Block, type ContainerNode, type MarkupProblem } from '../text/index.js';
import { capturedVersionProblem, holds, rangeLabel, rangeProblem, type RunVersions, type VersionOf } from './versions.js';

const CONTAINERS = ['server', 'kubectl', 'captured'] as const;

function containerProblem(node: ContainerNode): string | null {
  if (!(CONTAINERS as readonly string[]).includes(node.name)) {
    return `"::: ${node.name}" is not a block lessons know (${CONTAINERS.map((c) => `::: ${c}`).join(', ')})`;
  }
  if (node.name === 'captured') {
    if (node.args === '') return '"::: captured" needs the version of the captured cluster, e.g. "::: captured v1.28.7"';
    const problem = capturedVersionProblem(node.args);
    return problem === null ? null : `::: captured: ${problem}`;
  }
  const problem = rangeProblem(node.args);
  return problem === null ? null : `::: ${node.name}: the range ${problem}`;
}

function walk(nodes: readonly (ContainerNode | { kind: string })[], problems: MarkupProblem[]): void {
  for (const n of nodes) {
    if (n.kind !== 'container') continue;
    const c = n as ContainerNode;
    const problem = containerProblem(c);
    if (problem !== null) problems.push({ line: c.line, message: problem });
    walk(c.nodes, problems);
  }
}

/** Everything wrong with a piece of lesson text (0-based lines within it); [] when it renders as written. */
export function proseProblems(text: string): MarkupProblem[] {
  const { nodes, problems } = parseMarkup(text);
  walk(nodes, problems);
  return coalesce(problems.sort((a, b) => a.line - b.line));
}

/** The same problem on consecutive lines (a whole aligned table) is reported once, at its first line. */
function coalesce(problems: readonly MarkupProblem[]): MarkupProblem[] {
  const out: (MarkupProblem & { last: number; first: string })[] = [];
  for (const p of problems) {
    const prev = out[out.length - 1];
    if (prev !== undefined && prev.first === p.message && p.line === prev.last + 1) {
      prev.last = p.line;
      prev.message = `${p.message} (this line and the ${p.line - prev.line} after it)`;
    } else out.push({ ...p, last: p.line, first: p.message });
  }
  return out.map(({ line, message }) => ({ line, message }));
}

function capturedLabel(version: string): string {
  const v = version.trim();
  return `In a captured ${v.startsWith('v') ? v : `v${v}`} cluster:`;
}

/**
 * Lesson text as blocks for these versions: version-scoped blocks that do not hold are left out,
 * the others are labelled with the versions they hold for; captured examples are labelled as such.
 * With `versions` unknown, every scoped block is kept (each says which versions it is about).
 */
export function proseBlocks(text: string, versions: RunVersions): Block[] {
  return toBlocks(parseMarkup(text).nodes, (node, blocks): Block[] => {
    if (node.name === 'captured') {
      const v = node.args.trim();
      return [{ kind: 'group', label: [span(capturedLabel(v))], blocks, indent: 2, origin: 'captured', data: { captured: v.startsWith('v') ? v : `v${v}` } }];
    }
    if (node.name === 'server' || node.name === 'kubectl') {
      const of: VersionOf = node.name;
      if (rangeProblem(node.args) !== null) return blocks; // refused by --check; shown unscoped rather than lost
      const h = holds({ [of]: node.args }, versions);
      if (h === 'no') return [];
      return [{ kind: 'group', label: [span(`For ${rangeLabel(of, node.args)}:`)], blocks, indent: 0, data: { [of]: node.args, holds: h } }];
    }
    return blocks;
  });
}

/** Rows the text takes at `width` columns with every version's blocks shown (blank rows count). */
export function proseLineCount(text: string, width: number): number {
  return layoutBlocks(proseBlocks(text, {}), width).length;
}
