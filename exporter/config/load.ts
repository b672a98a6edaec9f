import { readFileSync } from 'node:fs';
import { LineCounter, parseDocument } from 'yaml';
import { z } from 'zod';
import { describeIssues } from './configIssues';
import { yamlDocProblems } from './yamlDocProblems.cjs';
import { exporterConfigSchema, resolveConfig, type ExporterConfig } from './schema';

export interface ConfigOverrides {
  listen?: string;
  stateFile?: string;
  logLevel?: string;
}

/** A configuration problem, said in one sentence that names the file and the field. */
export class ConfigError extends Error {}

/** Precedence: flags, then environment (LAUNCHDAY_*), then the YAML file, then defaults. */
export function loadConfig(
  file: string | undefined,
  flags: ConfigOverrides = {},
  env: NodeJS.ProcessEnv = process.env
): ExporterConfig {
  const fromFile = file ? readYaml(file) : {};
  const fromEnv: Record<string, unknown> = {};
  if (env.LAUNCHDAY_LISTEN) fromEnv.listen = env.LAUNCHDAY_LISTEN;
  if (env.LAUNCHDAY_STATE_FILE) fromEnv.stateFile = env.LAUNCHDAY_STATE_FILE;
  if (env.LAUNCHDAY_LOG_LEVEL) fromEnv.logLevel = env.LAUNCHDAY_LOG_LEVEL;
  if (env.LAUNCHDAY_MAX_SESSIONS) fromEnv.maxSessions = Number(env.LAUNCHDAY_MAX_SESSIONS);
  const merged: Record<string, unknown> = { ...fromFile, ...fromEnv, ...definedOnly(flags) };
  // The clients read LAUNCHDAY_INGEST_TOKEN (one token): the exporter takes that name too, never ignores it.
  const tokenList = env.LAUNCHDAY_INGEST_TOKENS ?? env.LAUNCHDAY_INGEST_TOKEN;
  if (tokenList) {
    const tokens = tokenList
      .split(',')
      .map((t) => t.trim())
      .filter(Boolean);
    merged.ingest = { ...(merged.ingest as object | undefined), tokens };
  }
  try {
    return resolveConfig(merged);
  } catch (err) {
    if (err instanceof z.ZodError) {
      const where = file ? `${file}: ` : '';
      const details = describeIssues(exporterConfigSchema, err.issues).join('; ');
      throw new ConfigError(`invalid configuration: ${where}${details}`);
    }
    throw err;
  }
}

function readYaml(file: string): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new ConfigError(`cannot read configuration ${file}: ${(err as Error).message}`);
  }
  // The library prints nothing (logLevel 'error'): its errors, and what it would only warn about (a
  // list or mapping as a key, an unknown tag), are one ConfigError naming the file and the line.
  const lineCounter = new LineCounter();
  const parsed = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: false, logLevel: 'error' });
  const problems = parsed.errors.length
    ? parsed.errors.slice(0, 20).map((e) => ({ offset: e.pos[0], message: e.message.split('\n')[0] ?? e.message }))
    : yamlDocProblems(parsed, 20);
  if (problems.length) {
    const listed = problems.map((p) => `line ${lineCounter.linePos(p.offset).line}: ${p.message}`).join('; ');
    throw new ConfigError(`invalid YAML in ${file}: ${listed}`);
  }
  let doc: unknown;
  try {
    doc = parsed.toJS({ maxAliasCount: 100 }) ?? {};
  } catch (err) {
    throw new ConfigError(`invalid YAML in ${file}: ${(err as Error).message}`);
  }
  if (typeof doc !== 'object' || Array.isArray(doc) || doc === null) {
    throw new ConfigError(`configuration ${file} must be a mapping`);
  }
  return doc as Record<string, unknown>;
}

function definedOnly(flags: ConfigOverrides): Record<string, string> {
  return Object.fromEntries(Object.entries(flags).filter(([, v]) => v !== undefined)) as Record<string, string>;
}
