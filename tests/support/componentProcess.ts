// A real component started for a test: its child process, its temp folder and its output,
// stopped with SIGTERM (then SIGKILL) and cleaned up, whatever the test did.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { waitForHttp } from './waitForHttp';

export interface ComponentProcess {
  readonly dir: string;
  readonly child: ChildProcess;
  /** stdout and stderr so far, for a failing test's message. */
  output(): string;
  alive(): boolean;
  stop(): Promise<void>;
}

export function makeTempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), `launchday-${prefix}-`));
}

export function spawnComponent(command: string, args: string[], dir: string, cwd = dir): ComponentProcess {
  const child = spawn(command, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  const chunks: string[] = [];
  let size = 0;
  const keep = (chunk: Buffer): void => {
    // Keep the last ~256 KiB only: a chatty component must not grow the test's memory.
    chunks.push(chunk.toString());
    size += chunk.length;
    while (size > 256 * 1024 && chunks.length > 1) size -= chunks.shift()!.length;
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  let exited = false;
  const exit = new Promise<void>((resolve) => child.once('exit', () => ((exited = true), resolve())));

  return {
    dir,
    child,
    output: () => chunks.join(''),
    alive: () => !exited,
    async stop() {
      if (!exited) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
        await exit;
        clearTimeout(timer);
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Waits until `readyUrl` answers 2xx; if it never does, stops the component and throws with its output. */
export async function awaitReady(component: ComponentProcess, readyUrl: string, timeoutMs = 30_000): Promise<void> {
  try {
    await waitForHttp(readyUrl, timeoutMs, component.alive);
  } catch (error) {
    const output = component.output();
    await component.stop();
    throw new Error(`${(error as Error).message}\n${output}`);
  }
}
