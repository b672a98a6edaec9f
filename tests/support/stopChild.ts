// Stops a child the way a user would (a signal), and kills it if it has not exited within the grace time.
import type { ChildProcess } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';

export async function stopChild(
  child: ChildProcess | undefined,
  signal: NodeJS.Signals,
  graceMs: number
): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const gone = new Promise((resolve) => child.once('exit', resolve));
  child.kill(signal);
  await Promise.race([gone, sleep(graceMs)]);
  if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
}
