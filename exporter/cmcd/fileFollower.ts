import { open, stat, type FileHandle } from 'node:fs/promises';

export interface FollowOptions {
  /** Read the file from its start; otherwise only what is appended after the follower starts. */
  fromStart: boolean;
  pollMs?: number;
  /** Gets each run of complete lines; the follower reads nothing more until it resolves (backpressure). */
  onLines(lines: string[]): Promise<void>;
  onError?(err: Error): void;
}

export interface FileFollower {
  /** Stops after the batch in hand; resolves once the file is closed. */
  stop(): Promise<void>;
  /** Resolves when every line written so far has been handed over (for tests and shutdown). */
  idle(): Promise<void>;
}

const CHUNK_BYTES = 64 * 1024;
/** A line longer than this is handed over cut, so a file without newlines cannot grow memory. */
const MAX_LINE_BYTES = 64 * 1024;

/**
 * `tail -F` for access logs: follows FILE across rotation (rename and reopen: drains the old file, then
 * reads the new one from its start) and truncation (copytruncate: starts again at 0), waits for a file
 * that does not exist yet, and hands over complete lines only.
 */
export function followFile(path: string, options: FollowOptions): FileFollower {
  const pollMs = options.pollMs ?? 250;
  let stopped = false;
  let wake: (() => void) | undefined;
  let idleWaiters: (() => void)[] = [];
  const sleep = () =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, pollMs);
      wake = () => (clearTimeout(timer), resolve());
    });

  const settle = () => {
    for (const resolve of idleWaiters) resolve();
    idleWaiters = [];
  };

  const run = async () => {
    let handle: FileHandle | undefined;
    let inode = -1;
    let position = 0;
    let partial: Buffer = Buffer.alloc(0);
    let draining = false;
    let first = true;
    const buffer = Buffer.alloc(CHUNK_BYTES);
    try {
      while (!stopped) {
        if (!handle) {
          try {
            handle = await open(path, 'r');
          } catch {
            first = false; // a file created after the start is new from its first byte
            settle();
            await sleep(); // not there yet, or between rename and re-creation
            continue;
          }
          const info = await handle.stat();
          inode = info.ino;
          position = first && !options.fromStart ? info.size : 0;
          first = false;
          partial = Buffer.alloc(0);
        }
        const { bytesRead } = await handle.read(buffer, 0, CHUNK_BYTES, position);
        if (bytesRead > 0) {
          position += bytesRead;
          partial = Buffer.concat([partial, buffer.subarray(0, bytesRead)]);
          const lines: string[] = [];
          partial = splitLines(partial, lines);
          if (lines.length) await options.onLines(lines);
          continue;
        }
        const now = await stat(path).catch(() => undefined);
        if (now && now.ino === inode && now.size < position) {
          position = 0; // truncated in place
          partial = Buffer.alloc(0);
          continue;
        }
        if (now === undefined || now.ino !== inode) {
          if (!draining) {
            // Rotated: the writer may add a few lines to the old file until it reopens; read once more.
            draining = true;
            await sleep();
            continue;
          }
          if (partial.length) await options.onLines([partial.toString('utf8')]);
          await handle.close();
          handle = undefined;
          draining = false;
          continue;
        }
        settle();
        await sleep();
      }
    } catch (err) {
      options.onError?.(err as Error);
    } finally {
      await handle?.close().catch(() => undefined);
      settle();
    }
  };
  const done = run();
  return {
    async stop() {
      stopped = true;
      wake?.();
      await done;
    },
    idle: () => (stopped ? done : new Promise<void>((resolve) => idleWaiters.push(resolve))),
  };
}

/** Moves complete lines from `data` into `lines` and returns the unterminated rest. */
function splitLines(data: Buffer, lines: string[]): Buffer {
  let start = 0;
  for (let nl = data.indexOf(10, start); nl !== -1; nl = data.indexOf(10, start)) {
    lines.push(data.subarray(start, nl).toString('utf8'));
    start = nl + 1;
  }
  let rest = data.subarray(start);
  if (rest.length > MAX_LINE_BYTES) {
    lines.push(rest.toString('utf8'));
    rest = Buffer.alloc(0);
  }
  return Buffer.from(rest);
}
