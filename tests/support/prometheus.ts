// Starts Debian's Prometheus on a free loopback port with a temp data dir, for integration tests.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { awaitReady, makeTempDir, spawnComponent, type ComponentProcess } from './componentProcess';
import { freePort } from './freePort';

export interface RunningPrometheus extends ComponentProcess {
  readonly url: string;
}

/**
 * `config` is the text of prometheus.yml. Relative rule_files resolve against the temp dir,
 * so pass absolute paths, or write rule files into `prepare(dir)` before start.
 */
export async function startPrometheus(config: string, prepare?: (dir: string) => void): Promise<RunningPrometheus> {
  const dir = makeTempDir('prometheus');
  prepare?.(dir);
  const configFile = join(dir, 'prometheus.yml');
  writeFileSync(configFile, config);
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const component = spawnComponent(
    'prometheus',
    [
      `--config.file=${configFile}`,
      `--storage.tsdb.path=${join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
      '--log.level=warn',
    ],
    dir
  );
  await awaitReady(component, `${url}/-/ready`);
  return { ...component, url };
}
