// The interactive UI in a real terminal (tmux): `kube-trace get pods --sandbox` walked through stage by
// stage, with live values of this run on every screen; back, quit, terminal restored with kubectl's
// output left on it; 80×24; a resize; and a forbidden run that stops at authz.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BEFORE_MARK, TmuxSession, tmuxUnavailable } from './helpers/tmux.js';

const missing = tmuxUnavailable();
// On CI a missing tmux is a failure, not a skip.
const skip = missing !== null && process.env['CI'] !== 'true' ? missing : false;
if (skip) console.log(`# skipping the TUI end-to-end tests: ${missing}`);

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/;

function rows(screen: string): string[] {
  return screen.replace(/\n$/, '').split('\n');
}

test('walks through the seven stages of `get pods --sandbox` with live values, goes back, and q restores the terminal', { skip, timeout: 180_000 }, async () => {
  const t = TmuxSession.start({ columns: 100, rows: 30, args: ['get', 'pods', '--sandbox'] });
  try {
    let s = await t.waitFor(/1\/7  Parse the command line[\s\S]*You typed\s+kube-trace get pods --sandbox/);
    assert.match(s, /parse.*kubeconfig.*request.*authz.*etcd.*response.*format\s+1\/7/);
    assert.match(s, /→ next/);

    t.key('Right');
    s = await t.waitFor(/2\/7  Load the kubeconfig[\s\S]*Server\s+https:\/\/127\.0\.0\.1:\d+/);
    assert.match(s, /Context\s+sandbox-admin/);

    t.key('Right');
    s = await t.waitFor(/3\/7  Build the HTTP request[\s\S]*On the wire/);
    // kubectl speaks HTTP/2 to the sandbox, as to kube-apiserver: a header block, no HTTP/1.1 request line.
    assert.match(s, /HTTP\/2 HEADERS frame[^\n]*\n\s+:authority: 127\.0\.0\.1:\d+\n\s+:method: GET\n\s+:path: \/api\/v1\/namespaces\/default\/pods\?limit=500/);
    assert.doesNotMatch(s, /HTTP\/1\.1|^\s*Host:/m);
    assert.match(s, /not sent yet/);

    t.key('Right');
    s = await t.waitFor(/4\/7  Authenticate and authorize[\s\S]*Outcome\s+200 allowed/);
    assert.match(s, /✓ authz/);

    t.key('Right');
    s = await t.waitFor(/5\/7  Read from storage \(etcd\)[\s\S]*List RV/);
    assert.match(s, /\/registry\/pods\/default\/api-running/);

    t.key('Right');
    s = await t.waitFor(/6\/7  Receive the response[\s\S]*Audit-Id/);
    const auditLine = rows(s).find((r) => r.includes('Audit-Id'));
    assert.ok(auditLine !== undefined && UUID.test(auditLine), `an Audit-Id on screen:\n${s}`);

    t.key('Right');
    s = await t.waitFor(/7\/7  Format the output[\s\S]*stdout/);
    for (const pod of ['api-running', 'nginx', 'redis', 'web-with-sidecar']) assert.ok(s.includes(pod), pod);

    t.key('Left');
    await t.waitFor('6/7  Receive the response');

    t.key('q');
    assert.equal(await t.exitCode(), 0);
    s = await t.waitFor('EXIT=0');
    assert.ok(s.includes(BEFORE_MARK), 'the screen from before kube-trace is back');
    assert.doesNotMatch(s, /Receive the response|→ next/, 'nothing of the UI is left behind');
    assert.match(s, /NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE\n[\s\S]*api-running/, "but kubectl's output is, on the normal screen");
    assert.match(t.stderr(), /kube-trace: that is what `kubectl [^`]*get pods` prints \(exit code 0\); you saw 7 of 7 stages\./, 'and one line about it (stderr)');
  } finally {
    t.close();
  }
});

test('at 80×24 every stage fits the screen and the summary ends the walkthrough', { skip, timeout: 180_000 }, async () => {
  const t = TmuxSession.start({ columns: 80, rows: 24, args: ['get', 'pods', '--sandbox'] });
  try {
    const titles = ['Parse the command line', 'Load the kubeconfig', 'Build the HTTP request', 'Authenticate and authorize', 'Read from storage (etcd)', 'Receive the response', 'Format the output'];
    for (const [i, title] of titles.entries()) {
      const s = await t.waitFor(new RegExp(`${i + 1}/7  ${title.replace(/[()]/g, '\\$&')}[\\s\\S]*(✓|ok) `));
      const lines = rows(s);
      assert.ok(lines.length <= 24);
      assert.match(lines[1] ?? '', /parse.*kubeconfig.*request.*authz.*etcd.*response.*format/, 'the whole timeline on one row');
      assert.ok(lines.some((l) => l.includes('→ next')), 'the footer is visible');
      t.key('Right');
    }
    let s = await t.waitFor('Summary');
    assert.match(s, /kubectl would exit with 0/);
    t.key('Right');
    assert.equal(await t.exitCode(), 0);
    s = await t.waitFor('EXIT=0');
    assert.ok(s.includes(BEFORE_MARK), 'back on the normal screen');
    assert.match(s, /NAME\s+READY\s+STATUS[\s\S]*api-running/, 'what kubectl prints is left in the terminal');
    assert.match(t.stderr(), /kube-trace: that is what/, 'and the one line about it');
    assert.doesNotMatch(s, /→ next/, 'but not the UI');
  } finally {
    t.close();
  }
});

test('a resize reflows the screen live', { skip, timeout: 180_000 }, async () => {
  const t = TmuxSession.start({ columns: 100, rows: 30, args: ['get', 'pods', '--sandbox'] });
  try {
    await t.waitFor('1/7  Parse the command line');
    t.key('3');
    let s = await t.waitFor('3/7  Build the HTTP request');
    assert.equal(rows(s)[2], '─'.repeat(100));
    t.resize(80, 24);
    s = await t.waitFor(/^─{80}$/m);
    assert.match(s, /3\/7  Build the HTTP request/);
    assert.ok(rows(s).every((l) => [...l].length <= 80));
    t.resize(120, 36);
    s = await t.waitFor(/^─{120}$/m);
    assert.match(s, /3\/7  Build the HTTP request/);
    t.key('Q');
    assert.equal(await t.exitCode(), 0);
  } finally {
    t.close();
  }
});

test('a forbidden list (viewer in kube-system) fails at authz, in red, with what to try', { skip, timeout: 180_000 }, async () => {
  const t = TmuxSession.start({ columns: 100, rows: 30, args: ['get', 'pods', '--sandbox', '--context', 'sandbox-viewer', '-n', 'kube-system'] });
  try {
    await t.waitFor('1/7  Parse the command line');
    t.key('4');
    let s = await t.waitFor(/✗ authz\s+– etcd\s+✓ response\s+✓ format/);
    assert.match(s, /4\/7  Authenticate and authorize/);
    assert.match(s, /Forbidden \(403\)/);
    assert.match(s, /User "viewer" cannot list resource "pods"/);
    assert.match(s, /Try: /);
    t.key('Right');
    s = await t.waitFor('5/7  Read from storage (etcd)');
    assert.match(s, /Not reached/);
    t.key('Q');
    assert.equal(await t.exitCode(), 1, "kubectl's exit code for a Forbidden list");
    assert.match(t.stderr(), /Error from server \(Forbidden\): pods is forbidden/, "kubectl's error line is printed on stderr");
  } finally {
    t.close();
  }
});

test('Ctrl-C exits with 130 and restores the terminal', { skip, timeout: 180_000 }, async () => {
  const t = TmuxSession.start({ columns: 100, rows: 30, args: ['get', 'pods', '--sandbox'] });
  try {
    await t.waitFor('1/7  Parse the command line');
    t.key('C-c');
    assert.equal(await t.exitCode(), 130);
    const s = await t.waitFor('EXIT=130');
    assert.ok(s.includes(BEFORE_MARK));
    assert.doesNotMatch(s, /Parse the command line/);
  } finally {
    t.close();
  }
});

test('NO_COLOR turns colour off; without it the screen has colour', { skip, timeout: 180_000 }, async () => {
  // Without CI in the environment at all: chalk turns colour off whenever CI is set, even to "false".
  const capture = async (env: Record<string, string>): Promise<string> => {
    const t = TmuxSession.start({ columns: 100, rows: 30, args: ['get', 'pods', '--sandbox'], env, unset: ['CI', 'FORCE_COLOR', 'NO_COLOR'] });
    try {
      await t.waitFor(/You typed/);
      return t.screenWithAttributes();
    } finally {
      t.close();
    }
  };
  const FOREGROUND = /\u001B\[[0-9;]*3[1-7]m|\u001B\[[0-9;]*38;5;\d+m/;
  assert.match(await capture({}), FOREGROUND, 'colour without NO_COLOR');
  assert.doesNotMatch(await capture({ NO_COLOR: '1' }), FOREGROUND, 'no colour with NO_COLOR');
});

test('--stage etcd opens on the etcd stage with the earlier stages already run', { skip, timeout: 180_000 }, async () => {
  const t = TmuxSession.start({ columns: 100, rows: 30, args: ['get', 'pods', '--sandbox', '--stage', 'etcd'] });
  try {
    const s = await t.waitFor(/5\/7  Read from storage \(etcd\)[\s\S]*List RV/);
    assert.match(s, /✓ parse\s+✓ kubeconfig\s+✓ request\s+✓ authz\s+✓ etcd/);
    assert.match(s, /○ response\s+○ format/, 'nothing after the chosen stage has run');
    t.key('Q');
    assert.equal(await t.exitCode(), 0);
  } finally {
    t.close();
  }
});

test('--no-pause runs every stage and stays on the summary until q', { skip, timeout: 180_000 }, async () => {
  const t = TmuxSession.start({ columns: 100, rows: 30, args: ['get', 'pods', '--sandbox', '--no-pause'] });
  try {
    const s = await t.waitFor(/Summary[\s\S]*kubectl would exit with 0/);
    assert.match(s, /✓ 7 format/);
    t.key('Right');
    await t.waitFor('Summary');
    t.key('q');
    assert.equal(await t.exitCode(), 0);
  } finally {
    t.close();
  }
});
