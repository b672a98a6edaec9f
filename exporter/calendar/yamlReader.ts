import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { LineCounter, parseDocument } from 'yaml';
import { yamlDocProblems } from '../config/yamlDocProblems.cjs';

export type YamlPath = readonly (string | number)[];

export type YamlRead = { value: unknown } | { errors: { line?: number; message: string }[] };

/**
 * Above this size YAML is parsed in a worker thread. A valid 32 KiB file parses inline in under 10 ms,
 * but the yaml library is superlinear on garbled text (the fuzz suite found 30 KiB of damaged JSON
 * taking 225 ms, 4 KiB 90 ms), so only small files are parsed on the event loop.
 */
export const INLINE_YAML_BYTES = 2 * 1024;

interface WorkerAnswer {
  value?: unknown;
  errors?: { line: number | null; message: string }[];
  lines?: (number | null)[];
}

const WORKER_FILE = join(__dirname, 'yaml-parse.worker.cjs');
/** The first syntax errors locate the damage; a garbled file can hold tens of thousands. */
const MAX_ERRORS = 100;
/** A file the YAML parser needs longer than this for is refused (pathological input, not a calendar). */
const WORKER_TIMEOUT_MS = 20_000;

interface SharedWorker {
  worker: Worker;
  pending: Map<number, (answer: WorkerAnswer) => void>;
}
let shared: SharedWorker | undefined;
let nextId = 0;

/** Ends the shared worker and answers every waiting parse with `message` (a timeout, a crash). */
function retire(which: SharedWorker, message: string): void {
  if (shared === which) shared = undefined;
  void which.worker.terminate();
  for (const resolve of which.pending.values()) resolve({ errors: [{ line: null, message }] });
  which.pending.clear();
}

/** The one parsing worker, started on first use and kept; referenced only while a parse waits on it. */
function worker(): SharedWorker {
  if (shared) return shared;
  const created: SharedWorker = { worker: new Worker(WORKER_FILE), pending: new Map() };
  created.worker.on('message', (answer: WorkerAnswer & { id: number }) => {
    created.pending.get(answer.id)?.(answer);
    created.pending.delete(answer.id);
    if (created.pending.size === 0) created.worker.unref(); // idle: never holds the process open
  });
  created.worker.on('error', (e) => retire(created, `YAML worker failed: ${e.message}`));
  created.worker.on('exit', (code) => retire(created, `YAML worker exited with code ${code}`));
  shared = created;
  return created;
}

function inWorker(text: string, linesFor?: YamlPath[]): Promise<WorkerAnswer> {
  const target = worker();
  const id = nextId++;
  return new Promise((resolve) => {
    const timer = setTimeout(
      () => retire(target, `YAML parsing took over ${WORKER_TIMEOUT_MS / 1000} s; refused`),
      WORKER_TIMEOUT_MS
    );
    timer.unref();
    target.worker.ref();
    target.pending.set(id, (answer) => {
      clearTimeout(timer);
      resolve(answer);
    });
    target.worker.postMessage({ id, text, linesFor });
  });
}

function inline(text: string, linesFor?: YamlPath[]): WorkerAnswer {
  const lineCounter = new LineCounter();
  // As in the worker: the library prints nothing, and what it would warn about is an error with its line.
  const doc = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: false, logLevel: 'error' });
  if (doc.errors.length) {
    const errors: { line: number | null; message: string }[] = doc.errors.slice(0, MAX_ERRORS).map((e) => ({
      line: e.linePos?.[0]?.line ?? lineCounter.linePos(e.pos[0]).line,
      message: e.message.split('\n')[0] ?? e.message,
    }));
    if (doc.errors.length > MAX_ERRORS)
      errors.push({ line: null, message: `${doc.errors.length - MAX_ERRORS} more YAML errors not listed` });
    return { errors };
  }
  const problems = yamlDocProblems(doc, MAX_ERRORS);
  if (problems.length)
    return { errors: problems.map((p) => ({ line: lineCounter.linePos(p.offset).line, message: p.message })) };
  if (linesFor) {
    return {
      lines: linesFor.map((path) => {
        for (let depth = path.length; depth >= 0; depth--) {
          const node = doc.getIn(path.slice(0, depth), true) as { range?: [number, number, number] } | undefined;
          if (node?.range) return lineCounter.linePos(node.range[0]).line;
        }
        return null;
      }),
    };
  }
  try {
    return { value: doc.toJS({ maxAliasCount: 100 }) ?? {} };
  } catch (e) {
    // Unresolved aliases and alias bombs surface here, after a syntactically valid parse.
    return { errors: [{ line: null, message: e instanceof Error ? e.message : String(e) }] };
  }
}

const ask = (text: string, linesFor?: YamlPath[]): Promise<WorkerAnswer> =>
  Buffer.byteLength(text) > INLINE_YAML_BYTES ? inWorker(text, linesFor) : Promise.resolve(inline(text, linesFor));

/** YAML (or JSON) text to plain data, or its syntax errors with lines. */
export async function readYaml(text: string): Promise<YamlRead> {
  const answer = await ask(text);
  if (answer.errors)
    return { errors: answer.errors.map((e) => ({ ...(e.line !== null ? { line: e.line } : {}), message: e.message })) };
  return { value: answer.value };
}

/** The line of each path (the nearest existing parent when a key is missing). Only asked when there are errors. */
export async function linesOfPaths(text: string, paths: YamlPath[]): Promise<(number | undefined)[]> {
  if (!paths.length) return [];
  const answer = await ask(text, paths);
  return (answer.lines ?? []).map((l) => l ?? undefined);
}
