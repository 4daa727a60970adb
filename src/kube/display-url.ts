// URLs as they may be shown, and the userinfo they carry. kubectl (Go's net/http, stripPassword)
// shows a URL with its password replaced by *** and keeps the user name: `https://admin:***@host:6443/`.
// Every URL the kube layer puts into an exchange, a message or a curl line goes through displayUrl, and
// the engine uses the same function for anything it shows, so all layers mask alike.

interface UrlParts {
  /** "https://" (scheme and slashes), or "" when the text has no scheme. */
  prefix: string;
  /** Raw userinfo (still percent-encoded), or null when there is no "@" in the authority. */
  userinfo: string | null;
  /** host[:port] and everything after it. */
  rest: string;
}

// Go's url.Parse takes the authority up to the first "/", "?" or "#", and the userinfo up to the
// authority's last "@".
function split(raw: string): UrlParts {
  const m = /^([A-Za-z][A-Za-z0-9+.-]*:\/\/)/.exec(raw);
  const prefix = m?.[1] ?? '';
  const afterScheme = raw.slice(prefix.length);
  const end = afterScheme.search(/[/?#]/);
  const authority = end < 0 ? afterScheme : afterScheme.slice(0, end);
  const at = authority.lastIndexOf('@');
  if (at < 0) return { prefix, userinfo: null, rest: afterScheme };
  return { prefix, userinfo: authority.slice(0, at), rest: afterScheme.slice(at + 1) };
}

function decode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** The URL as kubectl shows it: a password in the userinfo becomes ***, the user name stays. */
export function displayUrl(raw: string): string {
  const p = split(raw);
  if (p.userinfo === null) return raw;
  const colon = p.userinfo.indexOf(':');
  if (colon < 0) return raw; // a user name alone: Go shows it as it is
  return `${p.prefix}${p.userinfo.slice(0, colon)}:***@${p.rest}`;
}

/** The URL without any userinfo: what goes on the wire (h2 forbids userinfo in :authority). */
export function withoutUserinfo(raw: string): string {
  const p = split(raw);
  return p.userinfo === null ? raw : `${p.prefix}${p.rest}`;
}

/** The user name and password a URL carries (percent-decoded, as Go's url.Userinfo gives them). */
export function userinfoOf(raw: string): { username: string; password: string | null } | null {
  const p = split(raw);
  if (p.userinfo === null) return null;
  const colon = p.userinfo.indexOf(':');
  if (colon < 0) return { username: decode(p.userinfo), password: null };
  return { username: decode(p.userinfo.slice(0, colon)), password: decode(p.userinfo.slice(colon + 1)) };
}

/** Replaces every URL with a password inside a free text (an error message, a log line) by its display form. */
export function maskUrlsIn(text: string): string {
  return text.replace(/[A-Za-z][A-Za-z0-9+.-]*:\/\/[^\s"'<>]+/g, (u) => displayUrl(u));
}

/** The path and query of a URL as they go on the wire (`/api/v1/pods?limit=500`); `fallback` when it is not a URL. */
export function pathAndQueryOf(url: string, fallback: string = url): string {
  try {
    const u = new URL(url);
    return u.pathname + u.search;
  } catch {
    return fallback;
  }
}
