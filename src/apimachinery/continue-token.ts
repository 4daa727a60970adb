// kube-apiserver's continue token (one home for the sandbox, which writes and checks it, and the engine, which shows it) (k8s.io/apiserver/pkg/storage/continue.go): base64url (no padding)
// of {"v":"meta.k8s.io/v1","rv":<revision>,"start":"<key after the prefix>\u0000"}. etcd-served pages
// cut the prefix with its trailing slash ("nginx\u0000"); the watch cache's prefix has none, so its
// tokens keep the slash ("/nginx\u0000", v1.33.3 capture).

export function encodeContinue(lastKey: string, keyPrefix: string, revision: number): string {
  const start = lastKey.slice(keyPrefix.length) + '\u0000';
  const json = JSON.stringify({ v: 'meta.k8s.io/v1', rv: revision, start });
  return Buffer.from(json, 'utf8').toString('base64url');
}

/** Go's json error text for the byte that cannot start a value (encoding/json quoteChar). */
function goQuoteChar(byte: number): string {
  if (byte === 0x27) return `'\\''`;
  if (byte === 0x22) return `'"'`;
  const ch = String.fromCharCode(byte);
  const printable = byte >= 0x20 && byte < 0x7f;
  const escaped = printable ? ch : byte < 0x80 ? `\\x${byte.toString(16).padStart(2, '0')}` : `\\u${byte.toString(16).padStart(4, '0')}`;
  return `'${escaped}'`;
}

/** Returns the key to resume from and the revision to read at; throws with kube's message. */
export function decodeContinue(token: string, keyPrefix: string): { startKey: string; revision: number } {
  const bad = (why: string): Error => new Error(`continue key is not valid: ${why}`);
  if (!/^[A-Za-z0-9_-]*$/.test(token) || token.length % 4 === 1) {
    const at = token.search(/[^A-Za-z0-9_-]/);
    throw bad(`illegal base64 data at input byte ${at >= 0 ? at : token.length - 1}`);
  }
  const raw = Buffer.from(token, 'base64url');
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw.toString('utf8'));
  } catch {
    const first = [...raw].find((b) => b !== 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d);
    throw bad(first === undefined ? 'unexpected end of JSON input' : `invalid character ${goQuoteChar(first)} looking for beginning of value`);
  }
  const c = (parsed ?? {}) as { v?: unknown; rv?: unknown; start?: unknown };
  // eslint-disable-next-line @typescript-eslint/no-base-to-string -- v is whatever JSON the client put in its token, shown as String() shows it (kube's typed decode rejects a non-string v before this check: a known gap)
  if (c.v !== 'meta.k8s.io/v1') throw bad(`server does not recognize this encoded version "${String(c.v ?? '')}"`);
  if (typeof c.rv !== 'number' || c.rv === 0) throw bad('incorrect encoded start resourceVersion (version meta.k8s.io/v1)');
  if (typeof c.start !== 'string' || c.start.length === 0) throw bad('encoded start key empty (version meta.k8s.io/v1)');
  // Like kube (storage.DecodeContinue): path.Clean keeps a token from escaping the requested prefix
  // (e.g. "../kube-system/x"). A start key may begin with "/": the watch cache's tokens do (v1.31+).
  const key = c.start.startsWith('/') ? c.start : '/' + c.start;
  const cleaned = cleanPath(key);
  if (cleaned !== key) throw bad(c.start);
  return { startKey: keyPrefix + cleaned.slice(1), revision: c.rv };
}

function cleanPath(p: string): string {
  const out: string[] = [];
  for (const part of p.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') out.pop();
    else out.push(part);
  }
  return '/' + out.join('/');
}

/** The token's fields as far as they decode, for showing a token (no checks; null when it is not base64 JSON). */
export function peekContinue(token: string): { v?: string; rv?: number; start?: string } | null {
  try {
    // Node's base64 decoder takes both alphabets (kube writes base64url without padding).
    const v: unknown = JSON.parse(Buffer.from(token, 'base64').toString('utf8'));
    if (!v || typeof v !== 'object') return null;
    const o = v as { v?: unknown; rv?: unknown; start?: unknown };
    const out: { v?: string; rv?: number; start?: string } = {};
    if (typeof o.v === 'string') out.v = o.v;
    if (typeof o.rv === 'number') out.rv = o.rv;
    if (typeof o.start === 'string') out.start = o.start;
    return out;
  } catch {
    return null;
  }
}
