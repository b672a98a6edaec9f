// Starts Debian's Alertmanager (prometheus-alertmanager) on a free loopback port, clustering off.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { awaitReady, makeTempDir, spawnComponent, type ComponentProcess } from './componentProcess';
import { freePort } from './freePort';

export interface RunningAlertmanager extends ComponentProcess {
  readonly url: string;
}

/** `config` is the text of alertmanager.yml. */
export async function startAlertmanager(config: string): Promise<RunningAlertmanager> {
  const dir = makeTempDir('alertmanager');
  const configFile = join(dir, 'alertmanager.yml');
  writeFileSync(configFile, config);
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const component = spawnComponent(
    'prometheus-alertmanager',
    [
      `--config.file=${configFile}`,
      `--storage.path=${join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
      '--cluster.listen-address=', // no gossip port: one instance, nothing else to bind
      '--log.level=warn',
    ],
    dir
  );
  await awaitReady(component, `${url}/-/ready`);
  return { ...component, url };
}
