// Parses YAML off the main thread: the `yaml` library needs ~30 ms per 500 events on this machine, and
// a reload must never hold the event loop for more than 10 ms. Plain CommonJS so it runs in a worker
// whatever loader the parent used (tsx via --import or tsx/cjs).
// In: { text, linesFor?: (string|number)[][] }. Out: { errors } | { value, lines }.
const { parentPort, workerData } = require('node:worker_threads');
const { LineCounter, parseDocument } = require('yaml');

const { text, linesFor } = workerData;
const lineCounter = new LineCounter();
const doc = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: false });

if (doc.errors.length) {
  parentPort.postMessage({
    errors: doc.errors.map((e) => ({
      line: e.linePos?.[0]?.line ?? lineCounter.linePos(e.pos[0]).line,
      message: e.message.split('\n')[0],
    })),
  });
} else if (linesFor) {
  const lines = linesFor.map((path) => {
    for (let depth = path.length; depth >= 0; depth--) {
      const node = doc.getIn(path.slice(0, depth), true);
      if (node && node.range) return lineCounter.linePos(node.range[0]).line;
    }
    return null;
  });
  parentPort.postMessage({ lines });
} else {
  try {
    parentPort.postMessage({ value: doc.toJS({ maxAliasCount: 100 }) ?? {} });
  } catch (e) {
    parentPort.postMessage({ errors: [{ line: null, message: e instanceof Error ? e.message : String(e) }] });
  }
}
