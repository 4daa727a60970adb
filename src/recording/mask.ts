// Masking before a recording is written: a recording made against a real cluster must be safe to hand
// out. Three nets, each cheap, because no single rule sees every secret:
//   1. by shape: credential headers (Authorization, Proxy-Authorization, Cookie, Set-Cookie), the
//      password of any URL's userinfo, a Secret object's data values (and its last-applied copy), and
//      JSON fields that hold credentials (token, password, client key data, id/refresh tokens,
//      client secrets: TokenReview, TokenRequest, ExecCredential, OIDC configs);
//   2. by value: every secret this run's connection carried and every credential of the kubeconfig
//      it read, in its raw, base64, base64url and hex forms, wherever it appears;
//   3. what was masked is listed in the file (a path and what it was), so the reader knows.
import { MASK, type MaskedValue } from './format.js';

const SECRET_HEADERS = new Set(['authorization', 'proxy-authorization', 'cookie', 'set-cookie', 'x-auth-token']);

/** JSON fields whose value is a credential wherever they appear (client-go and kubeconfig spellings). */
const SECRET_FIELDS = new Set([
  'token',
  'password',
  'clientKeyData',
  'client-key-data',
  'id-token',
  'refresh-token',
  'access-token',
  'client-secret',
  'idToken',
  'refreshToken',
  'accessToken',
  'clientSecret',
]);

const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

/** The forms a secret value takes in text: raw, base64 (std and url) and hex, each long enough to mean it. */
export function secretForms(value: string): string[] {
  const b = Buffer.from(value, 'utf8');
  const forms = [value, b.toString('base64'), b.toString('base64').replace(/=+$/, ''), b.toString('base64url'), b.toString('hex')];
  // A PEM's body lines, each on its own (a key is written wrapped at 64 columns).
  if (value.includes('-----BEGIN')) for (const line of value.split(/\r?\n/)) if (!line.startsWith('-----') && line.trim().length >= 16) forms.push(line.trim());
  return [...new Set(forms.filter((f) => f.length >= 8))].sort((x, y) => y.length - x.length);
}

export class Masker {
  readonly masked: MaskedValue[] = [];
  private readonly needles: string[];

  constructor(secretValues: readonly string[]) {
    this.needles = [...new Set(secretValues.filter((v) => v.length >= 6).flatMap(secretForms))].sort((x, y) => y.length - x.length);
  }

  private note(path: string, what: string): void {
    this.masked.push({ path, what });
  }

  /** A string with every known secret (in any form) and every URL password replaced. */
  text(s: string, path: string): string {
    let out = s;
    for (const n of this.needles) {
      if (out.includes(n)) {
        out = out.split(n).join(MASK);
        this.note(path, 'a credential of this run (by value)');
      }
    }
    // A Secret in a body cut short (a preview): its data values, by shape, though it is not whole JSON.
    if (/"kind"\s*:\s*"Secret(List)?"/.test(out) && /"(data|stringData)"\s*:\s*\{/.test(out)) {
      const cut = out.replace(/("(?:data|stringData)"\s*:\s*\{)([^}]*)/g, (_m, head: string, inner: string) => head + inner.replace(/("[^"\\]*"\s*:\s*)"(?:[^"\\]|\\.)*"?/g, `$1"${MASK}"`));
      if (cut !== out) {
        out = cut;
        this.note(path, "a Secret object's data values in a partial body");
      }
    }
    // scheme://user:password@host → scheme://user:<masked>@host
    const urlPw = /([a-zA-Z][a-zA-Z0-9+.-]*:\/\/[^\s/:@"']*):([^\s/@"']+)@/g;
    if (urlPw.test(out)) {
      out = out.replace(urlPw, (_m, head: string, pw: string) => (pw === MASK ? `${head}:${pw}@` : `${head}:${MASK}@`));
      if (out !== s) this.note(path, 'a URL password');
    }
    return out;
  }

  private header(h: { name: string; value: string }, path: string): { name: string; value: string } {
    if (!SECRET_HEADERS.has(h.name.toLowerCase())) return { name: h.name, value: this.text(h.value, `${path}.value`) };
    if (/^[A-Za-z]+ <masked>$/.test(h.value) || h.value === MASK) return h;
    const space = h.value.indexOf(' ');
    const lower = h.name.toLowerCase();
    const value = lower.endsWith('authorization') && space > 0 ? `${h.value.slice(0, space)} ${MASK}` : MASK;
    this.note(`${path}.value`, `the ${h.name} header`);
    return { name: h.name, value };
  }

  /** Any JSON value, masked (a new value; the input is not changed). */
  value(v: unknown, path: string, secret = false): unknown {
    if (typeof v === 'string') return this.text(v, path);
    if (Array.isArray(v)) return v.map((x, i) => this.value(x, `${path}[${i}]`, secret));
    if (typeof v !== 'object' || v === null) return v;
    const o = v as Record<string, unknown>;
    if (typeof o['name'] === 'string' && typeof o['value'] === 'string' && Object.keys(o).length === 2) return this.header(o as { name: string; value: string }, path);
    // A list's items carry no kind of their own: a SecretList's items are Secrets.
    const isSecret = secret || (o['kind'] === 'Secret' && typeof o['apiVersion'] === 'string');
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(o)) {
      const p = `${path}.${k}`;
      if (o['kind'] === 'SecretList' && k === 'items') {
        out[k] = this.value(x, p, true);
      } else if (isSecret && (k === 'data' || k === 'stringData') && typeof x === 'object' && x !== null) {
        out[k] = Object.fromEntries(Object.keys(x).map((key) => [key, MASK]));
        if (Object.keys(x).length > 0) this.note(p, "a Secret object's data values (the keys are kept)");
      } else if (SECRET_FIELDS.has(k) && typeof x === 'string' && x !== '' && x !== MASK) {
        out[k] = MASK;
        this.note(p, `a "${k}" field`);
      } else if (isSecret && k === 'metadata') {
        out[k] = this.secretMetadata(x, p);
      } else {
        out[k] = this.value(x, p);
      }
    }
    return out;
  }

  /** A Secret's metadata: its last-applied annotation holds the data too. */
  private secretMetadata(meta: unknown, path: string): unknown {
    const m = this.value(meta, path) as Record<string, unknown> | null;
    const ann = m?.['annotations'];
    if (m && typeof ann === 'object' && ann !== null && LAST_APPLIED in ann) {
      this.note(`${path}.annotations`, `the ${LAST_APPLIED} annotation of a Secret`);
      return { ...m, annotations: { ...ann, [LAST_APPLIED]: MASK } };
    }
    return m;
  }

  /**
   * A response body's text: JSON is masked as JSON (and re-serialised only when something changed,
   * so unchanged bodies keep their bytes); other text by value only.
   */
  body(text: string, path: string): string {
    const before = this.masked.length;
    const t = text.trimStart();
    if (t.startsWith('{') || t.startsWith('[')) {
      try {
        const parsed: unknown = JSON.parse(text);
        const masked = this.value(parsed, path);
        return this.masked.length === before ? text : JSON.stringify(masked);
      } catch {
        // not JSON after all (a broken-off body): by value below
      }
    }
    return this.text(text, path);
  }
}
