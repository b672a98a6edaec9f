import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { LineCounter, parseDocument } from 'yaml';

export type YamlPath = readonly (string | number)[];

export type YamlRead = { value: unknown } | { errors: { line?: number; message: string }[] };

/** Above this size YAML is parsed in a worker thread; below it, inline parsing takes well under 10 ms. */
export const INLINE_YAML_BYTES = 32 * 1024;

interface WorkerAnswer {
  value?: unknown;
  errors?: { line: number | null; message: string }[];
  lines?: (number | null)[];
}

const WORKER_FILE = join(__dirname, 'yaml-parse.worker.cjs');

function inWorker(text: string, linesFor?: YamlPath[]): Promise<WorkerAnswer> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(WORKER_FILE, { workerData: { text, linesFor } });
    worker.once('message', (answer: WorkerAnswer) => {
      resolve(answer);
      void worker.terminate();
    });
    worker.once('error', reject);
    worker.once('exit', (code) => code !== 0 && reject(new Error(`YAML worker exited with code ${code}`)));
  });
}

function inline(text: string, linesFor?: YamlPath[]): WorkerAnswer {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: false });
  if (doc.errors.length) {
    return {
      errors: doc.errors.map((e) => ({
        line: e.linePos?.[0]?.line ?? lineCounter.linePos(e.pos[0]).line,
        message: e.message.split('\n')[0] ?? e.message,
      })),
    };
  }
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
