// Parses YAML off the main thread: the `yaml` library needs ~30 ms per 500 events on this machine, is
// superlinear on garbled text, and a reload must never hold the event loop for more than 10 ms. One
// worker serves every parse (starting a worker costs the main thread tens of ms). Plain CommonJS so
// it runs whatever loader the parent used (tsx via --import or tsx/cjs).
// In: { id, text, linesFor?: (string|number)[][] }. Out: { id } + ({ errors } | { value } | { lines }).
const { parentPort } = require('node:worker_threads');
const { LineCounter, parseDocument } = require('yaml');
const { yamlDocProblems } = require('../config/yamlDocProblems.cjs');

// A garbled file can hold tens of thousands of syntax errors: the first ones locate the damage, and
// cloning them all into the main thread would stall it.
const MAX_ERRORS = 100;

// A calendar is a few levels deep; a 2,000-deep value costs the main thread hundreds of ms to receive.
const MAX_DEPTH = 32;

function tooDeep(value) {
  const stack = [[value, 0]];
  while (stack.length) {
    const [node, depth] = stack.pop();
    if (node === null || typeof node !== 'object') continue;
    if (depth >= MAX_DEPTH) return true;
    for (const child of Object.values(node)) stack.push([child, depth + 1]);
  }
  return false;
}

function answer(text, linesFor) {
  const lineCounter = new LineCounter();
  // logLevel 'error': the library prints nothing; what it would warn about is reported below instead.
  const doc = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: false, logLevel: 'error' });
  if (doc.errors.length) {
    const errors = doc.errors.slice(0, MAX_ERRORS).map((e) => ({
      line: e.linePos?.[0]?.line ?? lineCounter.linePos(e.pos[0]).line,
      message: e.message.split('\n')[0],
    }));
    if (doc.errors.length > MAX_ERRORS)
      errors.push({ line: null, message: `${doc.errors.length - MAX_ERRORS} more YAML errors not listed` });
    return { errors };
  }
  const problems = yamlDocProblems(doc, MAX_ERRORS);
  if (problems.length)
    return { errors: problems.map((p) => ({ line: lineCounter.linePos(p.offset).line, message: p.message })) };
  if (linesFor) {
    const lines = linesFor.map((path) => {
      for (let depth = path.length; depth >= 0; depth--) {
        const node = doc.getIn(path.slice(0, depth), true);
        if (node && node.range) return lineCounter.linePos(node.range[0]).line;
      }
      return null;
    });
    return { lines };
  }
  try {
    const value = doc.toJS({ maxAliasCount: 100 }) ?? {};
    if (tooDeep(value))
      return { errors: [{ line: null, message: `nested deeper than ${MAX_DEPTH} levels: not a calendar` }] };
    return { value };
  } catch (e) {
    return { errors: [{ line: null, message: e instanceof Error ? e.message : String(e) }] };
  }
}

parentPort.on('message', ({ id, text, linesFor }) => {
  parentPort.postMessage({ id, ...answer(text, linesFor) });
});
