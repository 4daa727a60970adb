// Just enough protobuf to read the review requests kubectl sends as application/vnd.kubernetes.protobuf
// (`auth can-i`, `auth whoami`): the "k8s\0" envelope (runtime.Unknown) and string fields by number.

export type ProtoFields = Map<number, (Buffer | number)[]>;

function varint(buf: Buffer, pos: number): [number, number] {
  let result = 0;
  let shift = 0;
  for (;;) {
    if (pos >= buf.length) throw new Error('truncated varint');
    const b = buf[pos++] as number;
    result += (b & 0x7f) * 2 ** shift;
    if ((b & 0x80) === 0) return [result, pos];
    shift += 7;
    if (shift > 63) throw new Error('varint too long');
  }
}

export function readFields(buf: Buffer): ProtoFields {
  const out: ProtoFields = new Map();
  let pos = 0;
  while (pos < buf.length) {
    const [tag, p1] = varint(buf, pos);
    pos = p1;
    const field = Math.floor(tag / 8);
    const wire = tag & 7;
    let value: Buffer | number;
    if (wire === 0) {
      [value, pos] = varint(buf, pos);
    } else if (wire === 2) {
      const [len, p2] = varint(buf, pos);
      if (p2 + len > buf.length) throw new Error('truncated field');
      value = buf.subarray(p2, p2 + len);
      pos = p2 + len;
    } else if (wire === 1) {
      value = buf.subarray(pos, pos + 8);
      pos += 8;
    } else if (wire === 5) {
      value = buf.subarray(pos, pos + 4);
      pos += 4;
    } else {
      throw new Error(`unsupported wire type ${wire}`);
    }
    const list = out.get(field) ?? [];
    list.push(value);
    out.set(field, list);
  }
  return out;
}

export function bytesField(f: ProtoFields, n: number): Buffer | undefined {
  const v = f.get(n)?.[0];
  return Buffer.isBuffer(v) ? v : undefined;
}

export function stringField(f: ProtoFields, n: number): string | undefined {
  return bytesField(f, n)?.toString('utf8');
}

const MAGIC = Buffer.from([0x6b, 0x38, 0x73, 0x00]);

/** Unwraps kube's protobuf envelope: returns apiVersion, kind and the raw message bytes. */
export function unwrapEnvelope(body: Buffer): { apiVersion: string; kind: string; raw: Buffer } {
  if (body.length < 4 || !body.subarray(0, 4).equals(MAGIC)) throw new Error('provided object is not a Kubernetes protobuf message');
  const unknown = readFields(body.subarray(4));
  const typeMeta = readFields(bytesField(unknown, 1) ?? Buffer.alloc(0));
  return { apiVersion: stringField(typeMeta, 1) ?? '', kind: stringField(typeMeta, 2) ?? '', raw: bytesField(unknown, 2) ?? Buffer.alloc(0) };
}
