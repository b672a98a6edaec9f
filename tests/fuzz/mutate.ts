// Byte- and line-level mutations of well-formed inputs: most real-world breakage is a good file
// damaged a little (a cut, a doubled line, a stray character), not random noise.
import fc from 'fast-check';

const NASTY = [
  '\u0000',
  '\uFEFF',
  '\uD800',
  '"',
  '\\',
  ':',
  ';',
  ',',
  '=',
  '\r',
  '\n',
  ' ',
  '{',
  '[',
  '}',
  ']',
  '*',
  '&a',
  '%',
  '\u202E',
];

type Edit =
  | { kind: 'cut'; at: number }
  | { kind: 'insert'; at: number; text: string }
  | { kind: 'delete'; at: number; length: number }
  | { kind: 'duplicateLine'; line: number; times: number }
  | { kind: 'dropLine'; line: number }
  | { kind: 'swapLines'; a: number; b: number };

const edit: fc.Arbitrary<Edit> = fc.oneof(
  fc.record({ kind: fc.constant('cut' as const), at: fc.nat() }),
  fc.record({
    kind: fc.constant('insert' as const),
    at: fc.nat(),
    text: fc.oneof(fc.constantFrom(...NASTY), fc.string({ maxLength: 8 }), fc.string({ unit: 'binary', maxLength: 4 })),
  }),
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 16 }) }),
  fc.record({ kind: fc.constant('duplicateLine' as const), line: fc.nat(), times: fc.integer({ min: 1, max: 6 }) }),
  fc.record({ kind: fc.constant('dropLine' as const), line: fc.nat() }),
  fc.record({ kind: fc.constant('swapLines' as const), a: fc.nat(), b: fc.nat() })
);

function apply(text: string, e: Edit): string {
  if (text.length === 0) return e.kind === 'insert' ? e.text : text;
  switch (e.kind) {
    case 'cut':
      return text.slice(0, e.at % text.length);
    case 'insert': {
      const at = e.at % (text.length + 1);
      return text.slice(0, at) + e.text + text.slice(at);
    }
    case 'delete': {
      const at = e.at % text.length;
      return text.slice(0, at) + text.slice(at + e.length);
    }
    default: {
      const lines = text.split('\n');
      const i = (n: number) => n % lines.length;
      if (e.kind === 'dropLine') lines.splice(i(e.line), 1);
      else if (e.kind === 'duplicateLine')
        lines.splice(i(e.line), 0, ...Array<string>(e.times).fill(lines[i(e.line)]!));
      else [lines[i(e.a)], lines[i(e.b)]] = [lines[i(e.b)]!, lines[i(e.a)]!];
      return lines.join('\n');
    }
  }
}

/** `base` damaged by 0-4 edits. */
export function mutated(base: fc.Arbitrary<string>): fc.Arbitrary<string> {
  return fc.tuple(base, fc.array(edit, { maxLength: 4 })).map(([text, edits]) => edits.reduce(apply, text));
}

/** Bytes of `base` damaged by flips, cuts and insertions (binary formats such as the state file). */
export function mutatedBytes(base: Buffer): fc.Arbitrary<Buffer> {
  return fc
    .array(
      fc.oneof(
        fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), value: fc.integer({ min: 0, max: 255 }) }),
        fc.record({ kind: fc.constant('cut' as const), at: fc.nat() }),
        fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), bytes: fc.uint8Array({ maxLength: 16 }) })
      ),
      { minLength: 1, maxLength: 4 }
    )
    .map((edits) => {
      let bytes = Buffer.from(base);
      for (const e of edits) {
        const at = bytes.length ? e.at % bytes.length : 0;
        if (e.kind === 'flip' && bytes.length) bytes[at] = e.value;
        else if (e.kind === 'cut') bytes = bytes.subarray(0, at);
        else if (e.kind === 'insert')
          bytes = Buffer.concat([bytes.subarray(0, at), Buffer.from(e.bytes), bytes.subarray(at)]);
      }
      return bytes;
    });
}
