// Warning headers are read as client-go reads them and printed as kubectl prints them (checked with
// kubectl 1.33: two 299 warnings, one repeated, one 199 and one malformed header print
// "Warning: first warning" and "Warning: second one"; a warning on every response prints once).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { KubectlWarningWriter, parseWarningHeaders, warningsFrom } from '../../src/kube/warnings.js';

describe('Warning headers', () => {
  it('parses code, agent and quoted text; several warnings in one value; malformed values end that value', () => {
    assert.deepEqual(parseWarningHeaders(['299 - "first warning"', '299 kube-apiserver "a \\"quoted\\" word" "Tue, 01 Dec 2026 20:17:18 GMT", 299 - "second"', 'garbage', '99 - "two digits"']), [
      { code: 299, agent: '-', text: 'first warning' },
      { code: 299, agent: 'kube-apiserver', text: 'a "quoted" word' },
      { code: 299, agent: '-', text: 'second' },
    ]);
  });

  it('decodes RFC 2047 words and refuses control characters (an escape sequence never reaches the terminal)', () => {
    assert.deepEqual(parseWarningHeaders(['299 - "=?utf-8?b?w6lww6k=?="']), [{ code: 299, agent: '-', text: 'épé' }]);
    assert.deepEqual(parseWarningHeaders(['299 - "bad \u001b]0;pwned\u0007"']), []);
  });

  it('reads UTF-8 header bytes the way Go does (Node hands them over as latin1)', () => {
    const latin1 = Buffer.from('299 - "déjà"', 'utf8').toString('latin1');
    assert.deepEqual(warningsFrom([{ name: 'warning', value: latin1 }]), [{ code: 299, agent: '-', text: 'déjà' }]);
  });

  it('kubectl prints 299s only, each text once per invocation, "Warning:" in bold yellow on a terminal', () => {
    const w = new KubectlWarningWriter();
    const a = parseWarningHeaders(['299 - "first warning"', '299 - "first warning"', '299 - "second one"', '199 - "not299"', 'garbage']);
    assert.deepEqual(w.lines(a), ['Warning: first warning', 'Warning: second one']);
    assert.deepEqual(w.lines(parseWarningHeaders(['299 - "first warning"'])), []);
    assert.deepEqual(new KubectlWarningWriter({ color: true }).lines(a.slice(0, 1)), ['\u001b[33;1mWarning:\u001b[0m first warning']);
  });
});
