import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { scenarioSchema, type Scenario } from './scenarioSchema';

export const SCENARIO_DIR = join(__dirname, '..', 'scenarios');

export function scenarioNames(): string[] {
  return readdirSync(SCENARIO_DIR)
    .filter((f) => f.endsWith('.yaml'))
    .map((f) => f.slice(0, -'.yaml'.length))
    .sort();
}

/** Loads a shipped scenario by name, or any scenario file by path; errors name the file and field. */
export function loadScenario(nameOrFile: string): Scenario {
  const file = /[/\\]|\.ya?ml$/.test(nameOrFile) ? nameOrFile : join(SCENARIO_DIR, `${nameOrFile}.yaml`);
  if (!existsSync(file)) {
    throw new Error(`no scenario "${nameOrFile}" (shipped: ${scenarioNames().join(', ')})`);
  }
  return parseScenario(readFileSync(file, 'utf8'), file);
}

export function parseScenario(text: string, origin = 'scenario'): Scenario {
  let raw: unknown;
  try {
    raw = parse(text);
  } catch (error) {
    throw new Error(`${origin}: not YAML: ${(error as Error).message}`);
  }
  const result = scenarioSchema.safeParse(raw);
  if (!result.success) {
    const detail = result.error.issues.map((i) => `  ${i.path.join('.') || '(root)'}: ${i.message}`).join('\n');
    throw new Error(`${origin}: invalid scenario\n${detail}`);
  }
  return result.data;
}
