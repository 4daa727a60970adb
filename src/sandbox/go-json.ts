// JSON as Go's encoding/json writes it: <, > and & escaped as \u003c \u003e \u0026 (and U+2028/9),
// compact output followed by a newline (json.Encoder), pretty output indented by two spaces.

function goEscape(s: string): string {
  return s.replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

export function goJson(value: unknown, pretty: boolean): string {
  return pretty ? goEscape(JSON.stringify(value, null, 2)) : goEscape(JSON.stringify(value)) + '\n';
}
