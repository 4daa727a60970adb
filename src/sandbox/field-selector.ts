// Field selectors, parsed like k8s.io/apimachinery/pkg/fields (terms split on unescaped commas,
// operators != == =), checked against the resource's supported field labels like the registry does.

export interface FieldRequirement {
  field: string;
  operator: '=' | '!=';
  value: string;
}

function splitTerms(selector: string): string[] {
  const terms: string[] = [];
  let cur = '';
  for (let i = 0; i < selector.length; i++) {
    const c = selector[i] as string;
    if (c === '\\' && i + 1 < selector.length) {
      cur += c + (selector[i + 1] as string);
      i++;
    } else if (c === ',') {
      terms.push(cur);
      cur = '';
    } else cur += c;
  }
  terms.push(cur);
  return terms;
}

function unescape(v: string): string {
  return v.replace(/\\(.)/g, '$1');
}

/** Throws with kube-apiserver's message for malformed or unsupported selectors. */
export function parseFieldSelector(selector: string, supported: readonly string[]): FieldRequirement[] {
  if (selector.trim() === '') return [];
  const reqs: FieldRequirement[] = [];
  for (const term of splitTerms(selector)) {
    if (term === '') continue;
    let found: FieldRequirement | null = null;
    for (const op of ['!=', '==', '='] as const) {
      const at = term.indexOf(op);
      if (at >= 0) {
        found = { field: term.slice(0, at), operator: op === '!=' ? '!=' : '=', value: unescape(term.slice(at + op.length)) };
        break;
      }
    }
    if (!found) throw new Error(`invalid selector: '${selector}'; can't understand '${term}'`);
    reqs.push(found);
  }
  for (const r of reqs) {
    if (!supported.includes(r.field)) throw new Error(`field label not supported: ${r.field}`);
  }
  return reqs;
}

export function matchesFields(reqs: FieldRequirement[], fields: Record<string, string>): boolean {
  return reqs.every((r) => ((fields[r.field] ?? '') === r.value) === (r.operator === '='));
}
