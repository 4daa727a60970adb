// printers.EscapeTerminal / WriteEscaped (cli-runtime terminal.go, CVE-2021-25743): server-supplied text
// loses its terminal escapes before kubectl prints it in a table or a custom column.

export function escapeTerminal(s: string): string {
  return s.replaceAll('\x1b', '^[').replaceAll('\r', '\\r');
}
