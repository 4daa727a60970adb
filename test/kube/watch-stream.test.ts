// The watch stream decoder: one JSON WatchEvent after another, however the bytes are split, holding
// only the event still incomplete; fed the stream a real kube-apiserver v1.33.3 sent.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { WatchDecodeError, WatchFrameDecoder } from '../../src/kube/watch-stream.js';

const CAPTURE = readFileSync(fileURLToPath(new URL('../fixtures/real-apiserver-v1.33/http/pods-default-watch-events.json', import.meta.url)));

function decodeIn(bytes: Buffer, size: number): { type: string; rv: unknown }[] {
  const d = new WatchFrameDecoder();
  const out: { type: string; rv: unknown }[] = [];
  for (let i = 0; i < bytes.length; i += size) {
    for (const f of d.push(bytes.subarray(i, i + size))) out.push({ type: f.type, rv: (f.object as { metadata?: { resourceVersion?: unknown } }).metadata?.resourceVersion });
  }
  assert.equal(d.pendingBytes, 0, 'the stream ended between events');
  return out;
}

describe('WatchFrameDecoder', () => {
  it('reads the captured watch as ADDED, MODIFIED, DELETED and a BOOKMARK, split anywhere', () => {
    const whole = decodeIn(CAPTURE, CAPTURE.length);
    assert.deepEqual(whole, [
      { type: 'ADDED', rv: '354' },
      { type: 'MODIFIED', rv: '355' },
      { type: 'DELETED', rv: '356' },
      { type: 'BOOKMARK', rv: '356' },
    ]);
    for (const size of [1, 7, 64, 1000, 4096]) assert.deepEqual(decodeIn(CAPTURE, size), whole, `in chunks of ${size} bytes`);
  });

  it('needs no newline between events, and skips whitespace between them', () => {
    const two = Buffer.from('{"type":"ADDED","object":{"a":"}{\\""}}{"type":"DELETED","object":{}} \r\n');
    assert.deepEqual(new WatchFrameDecoder().push(two).map((f) => f.type), ['ADDED', 'DELETED']);
  });

  it('refuses bytes that are not watch events, and an event over its size limit', () => {
    assert.throws(() => new WatchFrameDecoder().push(Buffer.from('<html>')), WatchDecodeError);
    assert.throws(() => new WatchFrameDecoder().push(Buffer.from('{"object":{}}')), /without a "type"/);
    const small = new WatchFrameDecoder(100);
    assert.throws(() => small.push(Buffer.from(`{"type":"ADDED","object":{"x":"${'a'.repeat(200)}`)), /larger than 100 bytes/);
  });

  it('holds the bytes of an event that has begun, and nothing once it is complete', () => {
    const d = new WatchFrameDecoder();
    assert.deepEqual(d.push(Buffer.from('{"type":"ADD')), []);
    assert.equal(d.pendingBytes, 12);
    assert.equal(d.push(Buffer.from('ED","object":{}}\n')).length, 1);
    assert.equal(d.pendingBytes, 0);
  });
});
