// Label selectors, parsed the way k8s.io/apimachinery/pkg/labels does (same grammar, same error
// texts), because the sandbox must answer a bad selector with the very 400 kube-apiserver sends.

export type LabelOperator = 'exists' | '!' | '=' | '==' | '!=' | 'in' | 'notin' | 'gt' | 'lt';

export interface LabelRequirement {
  key: string;
  operator: LabelOperator;
  values: string[];
}

type Tok = 'id' | 'in' | 'notin' | '!' | '!=' | '=' | '==' | '(' | ')' | ',' | '>' | '<' | 'eos' | 'error';

interface Token {
  tok: Tok;
  lit: string;
}

const SPECIAL = new Set(['=', '!', '(', ')', ',', '>', '<']);
const SYMBOLS: Record<string, Tok> = { '!': '!', '!=': '!=', '(': '(', ')': ')', ',': ',', '=': '=', '==': '==', '>': '>', '<': '<' };

function lex(input: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  const isSpace = (c: string): boolean => c === ' ' || c === '\t' || c === '\r' || c === '\n';
  while (i < input.length) {
    const c = input[i] as string;
    if (isSpace(c)) {
      i++;
      continue;
    }
    if (SPECIAL.has(c)) {
      const two = input.slice(i, i + 2);
      if (SYMBOLS[two] !== undefined && two.length === 2) {
        out.push({ tok: SYMBOLS[two], lit: two });
        i += 2;
      } else {
        out.push({ tok: SYMBOLS[c] as Tok, lit: c });
        i++;
      }
      continue;
    }
    let j = i;
    while (j < input.length && !isSpace(input[j] as string) && !SPECIAL.has(input[j] as string)) j++;
    const word = input.slice(i, j);
    out.push({ tok: word === 'in' ? 'in' : word === 'notin' ? 'notin' : 'id', lit: word });
    i = j;
  }
  out.push({ tok: 'eos', lit: '' });
  return out;
}

class Parser {
  private pos = 0;
  constructor(private readonly tokens: Token[]) {}

  /** In the "values" context the keywords in/notin are plain identifiers. */
  private peek(values: boolean): Token {
    const t = this.tokens[this.pos] ?? { tok: 'eos', lit: '' };
    return values && (t.tok === 'in' || t.tok === 'notin') ? { tok: 'id', lit: t.lit } : t;
  }

  private next(values: boolean): Token {
    const t = this.peek(values);
    if (this.pos < this.tokens.length) this.pos++;
    return t;
  }

  parse(): LabelRequirement[] {
    const reqs: LabelRequirement[] = [];
    for (;;) {
      const t = this.peek(true);
      if (t.tok === 'id' || t.tok === '!') {
        let r: LabelRequirement;
        try {
          r = this.requirement();
        } catch (e) {
          throw new Error(`unable to parse requirement: ${(e as Error).message}`);
        }
        reqs.push(r);
        const after = this.next(true);
        if (after.tok === 'eos') return reqs;
        if (after.tok === ',') {
          const n = this.peek(true);
          if (n.tok !== 'id' && n.tok !== '!') throw new Error(`found '${n.lit}', expected: identifier after ','`);
          continue;
        }
        throw new Error(`found '${after.lit}', expected: ',' or 'end of string'`);
      }
      if (t.tok === 'eos') return reqs;
      throw new Error(`found '${t.lit}', expected: !, identifier, or 'end of string'`);
    }
  }

  private requirement(): LabelRequirement {
    let t = this.next(true);
    let operator: LabelOperator | null = null;
    if (t.tok === '!') {
      operator = '!';
      t = this.next(true);
    }
    if (t.tok !== 'id') throw new Error(`found '${t.lit}', expected: identifier`);
    const key = t.lit;
    validateKey(key);
    const la = this.peek(true);
    if (la.tok === 'eos' || la.tok === ',') return { key, operator: operator ?? 'exists', values: [] };
    if (operator === '!') return { key, operator, values: [] };
    const op = this.next(false);
    let o: LabelOperator;
    switch (op.tok) {
      case 'in': o = 'in'; break;
      case 'notin': o = 'notin'; break;
      case '=': o = '='; break;
      case '==': o = '=='; break;
      case '!=': o = '!='; break;
      case '>': o = 'gt'; break;
      case '<': o = 'lt'; break;
      default: throw new Error(`found '${op.lit}', expected: in, notin, =, ==, !=, gt, lt`);
    }
    const values = o === 'in' || o === 'notin' ? this.valueSet() : this.exactValue();
    if ((o === 'gt' || o === 'lt') && !/^-?\d+$/.test(values[0] ?? '')) {
      throw new Error(`for 'Gt', 'Lt' operators, the value must be an integer`);
    }
    return { key, operator: o, values };
  }

  private valueSet(): string[] {
    const open = this.next(true);
    if (open.tok !== '(') throw new Error(`found '${open.lit}' expected: '('`);
    const la = this.peek(true);
    if (la.tok === 'id' || la.tok === ',') {
      const s = this.identifiers();
      const close = this.next(true);
      if (close.tok !== ')') throw new Error(`found '${close.lit}', expected: ')'`);
      return s;
    }
    if (la.tok === ')') {
      this.next(true);
      return [''];
    }
    throw new Error(`found '${la.lit}', expected: ',', ')' or identifier`);
  }

  private identifiers(): string[] {
    const s = new Set<string>();
    for (;;) {
      const t = this.next(true);
      if (t.tok === 'id') {
        s.add(t.lit);
        const la = this.peek(true);
        if (la.tok === ',') continue;
        if (la.tok === ')') return [...s];
        throw new Error(`found '${la.lit}', expected: ',' or ')'`);
      }
      if (t.tok === ',') {
        if (s.size === 0) s.add('');
        const la = this.peek(true);
        if (la.tok === ')') {
          s.add('');
          return [...s];
        }
        if (la.tok === ',') {
          this.next(true);
          s.add('');
        }
        continue;
      }
      throw new Error(`found '${t.lit}', expected: ',', or identifier`);
    }
  }

  private exactValue(): string[] {
    const la = this.peek(true);
    if (la.tok === 'eos' || la.tok === ',') return [''];
    const t = this.next(true);
    if (t.tok === 'id') return [t.lit];
    throw new Error(`found '${t.lit}', expected: identifier`);
  }
}

const NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;

function validateKey(key: string): void {
  const parts = key.split('/');
  const name = parts.length === 2 ? (parts[1] as string) : (parts[0] as string);
  if (parts.length > 2 || name.length === 0 || name.length > 63 || !NAME.test(name)) {
    throw new Error(`key: Invalid value: "${key}": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')`);
  }
}

/** Parses a label selector; throws Error with kube-apiserver's message on bad input. */
export function parseLabelSelector(selector: string): LabelRequirement[] {
  return new Parser(lex(selector)).parse();
}

export function matchesLabels(reqs: LabelRequirement[], labels: Record<string, string> | undefined): boolean {
  const l = labels ?? {};
  return reqs.every((r) => {
    const has = Object.prototype.hasOwnProperty.call(l, r.key);
    const v = l[r.key];
    switch (r.operator) {
      case 'exists': return has;
      case '!': return !has;
      case '=':
      case '==':
      case 'in': return has && r.values.includes(v as string);
      case '!=':
      case 'notin': return !has || !r.values.includes(v as string);
      case 'gt': return has && /^-?\d+$/.test(v as string) && Number(v) > Number(r.values[0]);
      case 'lt': return has && /^-?\d+$/.test(v as string) && Number(v) < Number(r.values[0]);
    }
  });
}
