import { totalmem } from 'node:os';
import { sessionTableBytes } from './sessionTable';

/** The session table may take at most this share of the memory the process may use. */
const MAX_SHARE = 0.5;

/** The memory this process may use: its cgroup's limit when it has one, else the machine's. */
export function memoryLimitBytes(): number {
  const constrained = process.constrainedMemory?.() ?? 0;
  return constrained > 0 && constrained < totalmem() ? constrained : totalmem();
}

/** Why a cap cannot be held (said at start, before anything is allocated), or null when it fits. */
export function sessionCapProblem(maxSessions: number, limitBytes = memoryLimitBytes()): string | null {
  const budget = limitBytes * MAX_SHARE;
  const need = sessionTableBytes(maxSessions);
  if (need <= budget) return null;
  let fits = 0; // the largest cap within the budget (the index grows in powers of two)
  for (let step = 2 ** 30; step >= 1; step /= 2) if (sessionTableBytes(fits + step) <= budget) fits += step;
  const mib = (b: number) => `${Math.round(b / 2 ** 20)} MiB`;
  return (
    `maxSessions ${maxSessions} needs ${mib(need)} for the session table, more than half of the ` +
    `${mib(limitBytes)} this process may use; lower maxSessions to at most ${fits}`
  );
}
