// What the yaml library only warns about, on stderr and without a line, as our own errors with their
// offsets: a key that is a list or a mapping, directly or through an alias (toJS turns `[a, b]: 1` into the key "[ a, b ]"
// and prints "Keys with collection values will be stringified"), and a tag it does not know (`!foo x`
// is read as plain "x"). The document's errors come first and stay the parser's. Plain CommonJS, so
// the YAML parsing worker (calendar/yaml-parse.worker.cjs) and the main thread share it.
const { isAlias, isCollection, isMap, visit } = require('yaml');

const TAG_UNKNOWN = 'TAG_RESOLVE_FAILED';

/**
 * @param {import('yaml').Document.Parsed} doc a document without errors
 * @param {number} max at most this many problems are returned
 * @returns {{ offset: number, message: string }[]}
 */
function yamlDocProblems(doc, max) {
  /** @type {{ offset: number, message: string }[]} */
  const problems = [];
  for (const w of doc.warnings.slice(0, max)) {
    const first = w.message.split('\n')[0] ?? w.message;
    const message =
      w.code === TAG_UNKNOWN
        ? `${first.replace(/^Unresolved tag: /, 'unknown tag ')}: remove it, or quote the value`
        : first;
    problems.push({ offset: w.pos[0], message });
  }
  if (problems.length >= max) return problems;
  visit(doc, {
    Pair(_, pair) {
      const key = pair.key;
      const target = isAlias(key) ? key.resolve(doc) : key; // an alias of plain text is a plain key
      if (!isCollection(target)) return undefined;
      const what = `${isMap(target) ? 'a mapping' : 'a list'}${isAlias(key) ? ` (the alias *${key.source})` : ''}`;
      problems.push({
        offset: key.range?.[0] ?? 0,
        message: `a key that is ${what} cannot be read: keys must be plain text (quote it if it is meant as text)`,
      });
      return problems.length >= max ? visit.BREAK : undefined;
    },
  });
  return problems;
}

module.exports = { yamlDocProblems };
