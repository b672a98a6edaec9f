import { watch, type FSWatcher } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import type { SourceState } from './sourceState';
import { detectFormat, type SourceFormat } from './sourceText';
import { decodeCalendarBytes } from './calendarBytes';

const SETTLE_MS = 75;
const MAX_BYTES = 50 * 1024 * 1024;

/**
 * A calendar or capacity file on disk. Watches its directory, not the file, so editors that save by
 * rename and files that disappear and come back are both seen.
 */
export class FileSource {
  private watcher?: FSWatcher;
  private settle?: NodeJS.Timeout;

  constructor(
    readonly state: SourceState,
    private readonly path: string,
    private readonly format?: SourceFormat
  ) {}

  load(): Promise<void> {
    return this.state.serial(async () => {
      let bytes: Buffer;
      try {
        bytes = await readFile(this.path);
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        const message =
          code === 'ENOENT'
            ? 'file not found'
            : code === 'EACCES'
              ? 'permission denied'
              : `cannot read: ${code ?? String(e)}`;
        this.state.fail([{ source: this.path, message }]);
        return;
      }
      if (bytes.length > MAX_BYTES) {
        this.state.fail([{ source: this.path, message: `larger than ${MAX_BYTES} bytes` }]);
        return;
      }
      const text = decodeCalendarBytes(bytes);
      await this.state.accept(text, this.format ?? detectFormat(text, { path: this.path }));
    });
  }

  /** Reloads shortly after the last change event (editors write in several steps). */
  watch(onError: (message: string) => void): void {
    const name = basename(this.path);
    try {
      this.watcher = watch(dirname(this.path), { persistent: false }, (_event, changed) => {
        if (changed !== null && changed.toString() !== name) return;
        clearTimeout(this.settle);
        this.settle = setTimeout(() => void this.load(), SETTLE_MS);
        this.settle.unref();
      });
      this.watcher.on('error', (e) => onError(`watch failed: ${e.message}`));
    } catch (e) {
      onError(`cannot watch ${dirname(this.path)}: ${(e as Error).message}; SIGHUP still reloads`);
    }
  }

  stop(): void {
    clearTimeout(this.settle);
    this.watcher?.close();
    this.watcher = undefined;
  }
}
