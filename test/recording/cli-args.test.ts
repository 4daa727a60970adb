// The workshop kit's command lines: get --record/--export, replay, sandbox --from-recording, workshop.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseCli } from '../../src/cli/args.js';

const parse = (argv: string[]) => parseCli(argv, { stdoutIsTTY: true, stdinIsTTY: true });

describe('workshop kit arguments', () => {
  it('get --record FILE --export FILE.html', () => {
    const c = parse(['get', 'pods', '--record', 'r.json', '--export', 'h.html']);
    assert.equal(c.kind, 'get');
    if (c.kind === 'get') assert.deepEqual([c.presentation.record, c.presentation.exportFile], ['r.json', 'h.html']);
    const bad = parse(['get', 'pods', '--export', 'h.pdf']);
    assert.equal(bad.kind, 'usage-error');
  });
  it('replay FILE: the TUI on a terminal, --plain, --json; one file only', () => {
    const tui = parse(['replay', 'r.json']);
    assert.ok(tui.kind === 'replay' && tui.options.mode === 'tui' && tui.options.file === 'r.json');
    const json = parse(['replay', 'r.json', '--json', '--export', 'x.cast']);
    assert.ok(json.kind === 'replay' && json.options.mode === 'json' && json.options.exportFile === 'x.cast');
    assert.equal(parse(['replay']).kind, 'usage-error');
    assert.equal(parse(['replay', 'a.json', 'b.json']).kind, 'usage-error');
    assert.equal(parse(['replay', 'a.json', '--plain', '--json']).kind, 'usage-error');
  });
  it('sandbox --from-recording FILE [FILE…], not with a scenario or objects', () => {
    const c = parse(['sandbox', '--from-recording', 'a.json', 'b.json', '--from-recording', 'c.json', '--port', '0']);
    assert.ok(c.kind === 'sandbox-recording');
    if (c.kind === 'sandbox-recording') assert.deepEqual(c.files, ['a.json', 'c.json', 'b.json']);
    const clash = parse(['sandbox', '--from-recording', 'a.json', '--scenario', 'many']);
    assert.ok(clash.kind === 'usage-error' && /cannot be combined with --scenario/.test(clash.message));
    assert.equal(parse(['sandbox', 'a.json']).kind, 'usage-error', 'a file alone is not a recording to serve');
  });
  it('workshop [FILE] [--reset] [--plain], workshop --check FILE', () => {
    const builtin = parse(['workshop']);
    assert.ok(builtin.kind === 'workshop' && builtin.options.file === null);
    const check = parse(['workshop', '--check', 'w.yaml']);
    assert.ok(check.kind === 'workshop' && check.options.check && check.options.file === 'w.yaml');
    assert.equal(parse(['workshop', '--check']).kind, 'usage-error');
  });
});
