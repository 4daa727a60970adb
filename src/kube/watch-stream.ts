// A watch as client-go reads one: a GET with ?watch=true whose 200 body never ends by itself; the
// server writes one JSON WatchEvent ({"type": ..., "object": ...}) after another (kube-apiserver's
// JSON serializer ends each with a newline; client-go's JSON framer does not rely on it, it reads one
// JSON value after the other, and neither does this decoder). Events are handed over as they arrive;
// nothing is kept here but the bytes of the one event still incomplete, which is bounded.
import type { ObservedClient, ObservedRequest, ObservedResponse } from './observed-http.js';

/** An event bigger than this is refused (kube-apiserver's own request limit is 3 MiB; an object in etcd at most 1.5 MiB). */
export const MAX_WATCH_EVENT_BYTES = 16 * 1024 * 1024;

export interface WatchFrame {
  /** ADDED, MODIFIED, DELETED, BOOKMARK or ERROR (anything else is passed on as sent). */
  type: string;
  /** The decoded object: the resource, a Table (Accept as=Table), or a Status for ERROR. */
  object: unknown;
  /** Its size on the wire. */
  bytes: number;
}

/**
 * Splits a byte stream into top-level JSON values (objects) without holding more than the one being
 * read: a brace counter that knows strings and escapes. Whitespace between values is skipped.
 */
export class WatchFrameDecoder {
  private parts: Buffer[] = [];
  private held = 0;
  private depth = 0;
  private inString = false;
  private escaped = false;
  private started = false;

  constructor(private readonly maxBytes = MAX_WATCH_EVENT_BYTES) {}

  /** The frames completed by this chunk; throws WatchDecodeError on bytes that are not a watch event. */
  push(chunk: Buffer): WatchFrame[] {
    const out: WatchFrame[] = [];
    let from = 0;
    for (let i = 0; i < chunk.length; i++) {
      const c = chunk[i] as number;
      if (!this.started) {
        if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) {
          from = i + 1;
          continue;
        }
        if (c !== 0x7b) throw new WatchDecodeError(`expected a JSON object, got ${JSON.stringify(String.fromCharCode(c))}`);
        this.started = true;
        from = i;
      }
      if (this.inString) {
        if (this.escaped) this.escaped = false;
        else if (c === 0x5c) this.escaped = true;
        else if (c === 0x22) this.inString = false;
        continue;
      }
      if (c === 0x22) this.inString = true;
      else if (c === 0x7b || c === 0x5b) this.depth++;
      else if (c === 0x7d || c === 0x5d) {
        this.depth--;
        if (this.depth === 0) {
          this.parts.push(chunk.subarray(from, i + 1));
          out.push(this.frame(Buffer.concat(this.parts)));
          this.parts = [];
          this.held = 0;
          this.started = false;
          from = i + 1;
        }
      }
    }
    if (this.started && from < chunk.length) {
      const rest = chunk.subarray(from);
      this.held += rest.length;
      if (this.held > this.maxBytes) throw new WatchDecodeError(`a watch event larger than ${this.maxBytes} bytes`);
      this.parts.push(Buffer.from(rest));
    }
    return out;
  }

  /** Bytes of an event that had begun when the stream ended (0: it ended between events). */
  get pendingBytes(): number {
    return this.held;
  }

  private frame(bytes: Buffer): WatchFrame {
    let v: unknown;
    try {
      v = JSON.parse(bytes.toString('utf8'));
    } catch (e) {
      throw new WatchDecodeError(e instanceof Error ? e.message : 'not JSON');
    }
    const type = (v as { type?: unknown }).type;
    if (typeof type !== 'string') throw new WatchDecodeError('a JSON object without a "type"');
    return { type, object: (v as { object?: unknown }).object ?? null, bytes: bytes.length };
  }
}

export class WatchDecodeError extends Error {}

/** Why a watch stream ended. */
export type WatchEndReason =
  /** The server ended the response (its own timeout, a restart, a closed watch cache). */
  | 'server-closed'
  /** The client's --request-timeout (http.Client.Timeout) ran out. */
  | 'request-timeout'
  /** The caller stopped it (Ctrl-C). */
  | 'interrupted'
  /** The answer was not 2xx: no stream, the body is the server's Status. */
  | 'http-error'
  /** The connection failed (before or after the stream began). */
  | 'network'
  /** Bytes that are not watch events. */
  | 'decode-error';

export interface WatchStreamResult {
  response: ObservedResponse;
  ended: WatchEndReason;
  /** For decode-error: what was wrong. */
  decodeError: string | null;
}

/**
 * Sends one watch request and hands each event to `onEvent` as it arrives (with the milliseconds since
 * the request was sent). Resolves when the stream ends, for whichever reason.
 */
export async function streamWatch(client: ObservedClient, req: Omit<ObservedRequest, 'onBodyChunk' | 'method'>, onEvent: (e: WatchFrame, atMs: number) => void): Promise<WatchStreamResult> {
  const t0 = performance.now();
  const decoder = new WatchFrameDecoder();
  // Set from inside the chunk callback.
  const bad: { error: string | null } = { error: null };
  const inner = new AbortController();
  const outer = req.signal;
  const stop = (): void => inner.abort();
  if (outer?.aborted === true) stop();
  outer?.addEventListener('abort', stop, { once: true });
  try {
    const response = await client.send({
      ...req,
      method: 'GET',
      signal: inner.signal,
      onBodyChunk: (chunk) => {
        if (bad.error !== null) return;
        try {
          for (const f of decoder.push(chunk)) onEvent(f, performance.now() - t0);
        } catch (e) {
          bad.error = e instanceof Error ? e.message : String(e);
          inner.abort();
        }
      },
    });
    const decodeError = bad.error;
    const ended: WatchEndReason =
      decodeError !== null
        ? 'decode-error'
        : outer?.aborted === true
          ? 'interrupted'
          : response.failure?.kind === 'timeout' && response.failure.afterHeaders
            ? 'request-timeout'
            : response.failure !== null
              ? 'network'
              : (response.status ?? 0) >= 300
                ? 'http-error'
                : 'server-closed';
    return { response, ended, decodeError };
  } finally {
    outer?.removeEventListener('abort', stop);
  }
}
