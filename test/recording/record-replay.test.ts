// A recording replays as the run it came from: `replay FILE --json` prints the live run's document
// plus a "replayed" marker, with no network and no kubeconfig; bad files are refused by name.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { runCli } from '../helpers/cli.js';
import { startTestSandbox, type TestSandbox } from '../helpers/sandbox.js';
import { FORMAT_VERSION, integrityOf, type Recording } from '../../src/recording/format.js';

let dir: string;
let sandbox: TestSandbox;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'kube-trace-recording-'));
  sandbox = await startTestSandbox();
});
after(async () => {
  await sandbox.close();
  rmSync(dir, { recursive: true, force: true });
});

const env = (): Record<string, string | undefined> => ({ PATH: process.env['PATH'], HOME: join(dir, 'home'), NO_COLOR: '1' });

async function recordAndReplay(name: string, args: string[], runEnv: Record<string, string | undefined>): Promise<{ file: string; live: Record<string, unknown>; replayed: Record<string, unknown>; liveCode: number; replayCode: number }> {
  const file = join(dir, `${name}.json`);
  const live = await runCli(['get', ...args, '--json', '--record', file], runEnv);
  assert.ok(existsSync(file), `${name}: no recording was written\n${live.stderr}`);
  assert.match(live.stderr, /recorded this run to/);
  // The replay has no kubeconfig, no KUBECONFIG and no sandbox: only the file.
  const replay = await runCli(['replay', file, '--json'], { PATH: process.env['PATH'], HOME: join(dir, 'empty-home'), NO_COLOR: '1' });
  assert.equal(replay.stderr, '', `${name}: the replay complained`);
  return { file, live: JSON.parse(live.stdout) as Record<string, unknown>, replayed: JSON.parse(replay.stdout) as Record<string, unknown>, liveCode: live.exitCode, replayCode: replay.exitCode };
}

function withoutMarker(doc: Record<string, unknown>): Record<string, unknown> {
  const { replayed: _r, ...rest } = doc;
  return rest;
}

describe('record, then replay --json: the live run\'s document, marked "replayed"', () => {
  for (const [name, args] of [
    ['sandbox', ['pods', '--sandbox']],
    ['sandbox -A -o wide', ['pods', '--sandbox', '-A', '-o', 'wide']],
    ['sandbox, forbidden scenario (403)', ['pods', '--scenario', 'forbidden']],
  ] as const) {
    it(name, async () => {
      const r = await recordAndReplay(name.replace(/\W+/g, '-'), [...args], env());
      assert.deepEqual(withoutMarker(r.replayed), r.live);
      assert.equal(r.replayCode, r.liveCode, 'the same exit code as the live run');
      const marker = r.replayed['replayed'] as { file: string; line: string };
      assert.equal(marker.file, r.file);
      assert.match(marker.line, /^recorded on \d{4}-\d\d-\d\d \d\d:\d\d UTC against https:\/\/127\.0\.0\.1:\d+ \(kube-apiserver v1\.\d+\.\d+, kube-trace's sandbox\)/);
    });
  }

  it('a sandbox used as a kubeconfig cluster (--kubeconfig, not --sandbox)', async () => {
    const r = await recordAndReplay('kubeconfig-cluster', ['pods', '--kubeconfig', sandbox.kubeconfig], { ...sandbox.env, HOME: join(dir, 'home2') });
    assert.equal(r.liveCode, 0);
    assert.deepEqual(withoutMarker(r.replayed), r.live);
    const sent = sandbox.sandbox.requests().length;
    await runCli(['replay', r.file, '--json'], env());
    assert.equal(sandbox.sandbox.requests().length, sent, 'a replay sends nothing to the server it was recorded against');
  });

  it('replay --plain says when and against what it was recorded, and prints kubectl\'s output', async () => {
    const file = join(dir, 'sandbox.json');
    const r = await runCli(['replay', file, '--plain'], env());
    assert.equal(r.exitCode, 0);
    assert.match(r.stdout, /Replay of .*sandbox\.json: recorded on .* against https:\/\/127\.0\.0\.1:\d+ .*Nothing is sent\./);
    for (const stage of ['parse', 'kubeconfig', 'request', 'authz', 'etcd', 'response', 'format']) assert.match(r.stdout, new RegExp(`\\d/7 ${stage} `));
    assert.match(r.stdout, /NAME\s+READY\s+STATUS/);
  });

  it('the file says what it is: formatVersion, versions, the command, lessons, masking, every exchange with its body', () => {
    const rec = JSON.parse(readFileSync(join(dir, 'sandbox.json'), 'utf8')) as Recording;
    assert.equal(rec.kind, 'KubeTraceRecording');
    assert.equal(rec.formatVersion, FORMAT_VERSION);
    assert.match(rec.tool.version, /^\d+\.\d+\.\d+/);
    assert.match(rec.server.gitVersion ?? '', /^v1\.\d+\.\d+$/);
    assert.match(rec.kubectl.gitVersion ?? '', /^v1\.\d+\.\d+$/);
    assert.match(rec.lessons.sha256, /^sha256:[0-9a-f]{64}$/);
    assert.deepEqual(rec.command.argv.slice(0, 2), ['get', 'pods']);
    assert.match(rec.masking.note, /Masked before writing/);
    const list = rec.exchanges.find((e) => e.exchange.purpose === 'list');
    assert.ok(list?.responseBody, 'the list response body is kept whole');
    assert.equal(Buffer.byteLength(list.responseBody.text), list.exchange.bodyBytes);
    assert.ok(rec.exchanges.some((e) => e.exchange.by === 'kube-trace') && rec.exchanges.some((e) => e.exchange.by === 'kubectl'), "kubectl's and kube-trace's exchanges");
    assert.equal(rec.integrity, integrityOf(rec));
  });
});

describe('bad recordings: one line naming the file and what is wrong, exit 1', () => {
  const cases: [string, (text: string) => string, RegExp][] = [
    ['truncated', (t) => t.slice(0, Math.floor(t.length / 2)), /not a complete JSON document .*truncated/],
    ['edited', (t) => t.replace('"Running"', '"Runnin"'), /changed after it was recorded/],
    ['from a future kube-trace', (t) => t.replace(`"formatVersion": ${FORMAT_VERSION}`, `"formatVersion": ${FORMAT_VERSION + 1}`), new RegExp(`formatVersion ${FORMAT_VERSION + 1} is newer than this kube-trace reads`)],
    ['not a recording', () => '{"kind":"Pod"}', /not a kube-trace recording/],
    ['a field missing', (t) => JSON.stringify({ ...(JSON.parse(t) as Record<string, unknown>), steps: undefined }), /not a valid recording: steps/],
  ];
  for (const [name, edit, message] of cases) {
    it(name, async () => {
      const file = join(dir, `bad-${name.replace(/\W+/g, '-')}.json`);
      writeFileSync(file, edit(readFileSync(join(dir, 'sandbox.json'), 'utf8')));
      for (const argv of [['replay', file, '--json'], ['replay', file, '--plain'], ['sandbox', '--from-recording', file, '--kubeconfig-out', join(dir, 'never.kubeconfig')]]) {
        const r = await runCli(argv, env());
        assert.equal(r.exitCode, 1, argv.join(' '));
        assert.equal(r.stdout, '');
        assert.match(r.stderr, message);
        assert.ok(r.stderr.includes(file), 'the message names the file');
        assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
      }
      assert.ok(!existsSync(join(dir, 'never.kubeconfig')));
    });
  }

  it('a file that does not exist', async () => {
    const r = await runCli(['replay', join(dir, 'nope.json')], env());
    assert.equal(r.exitCode, 1);
    assert.match(r.stderr, /nope\.json: no such file/);
  });

  it('--record into a folder that does not exist: said, and nothing half-written is left', async () => {
    const target = join(dir, 'missing-folder', 'r.json');
    const r = await runCli(['get', 'pods', '--sandbox', '--json', '--record', target], env());
    assert.equal(r.exitCode, 1);
    assert.match(r.stderr, /--record: cannot write .*missing-folder\/r\.json: ENOENT; nothing was written/);
    assert.deepEqual(readdirSync(dir).filter((f) => f.endsWith('.tmp')), []);
  });
});
