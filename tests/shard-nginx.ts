// Debian's nginx in front of Launchday shards, configured with the provisioned snippets
// (provisioning/nginx/launchday-*.conf) and an upstream generated from the shard list. `reload`
// rewrites the upstream and sends SIGHUP, as an operator adding a shard would.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { makeTempDir, spawnComponent, type ComponentProcess } from './support/componentProcess';
import { freePort } from './support/freePort';
import { waitForHttp } from './support/waitForHttp';

const PROVISIONED = join(__dirname, '..', 'provisioning', 'nginx');

export interface ShardProxy {
  url: string;
  /** Rewrites the upstream with these `host:port` servers and reloads nginx (waits for new workers). */
  reload(servers: string[]): Promise<void>;
  output(): string;
  stop(): Promise<void>;
}

export async function startShardProxy(servers: string[]): Promise<ShardProxy> {
  const dir = makeTempDir('nginx-shards');
  const port = await freePort();
  for (const sub of ['body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'])
    mkdirSync(join(dir, 'temp', sub), { recursive: true });
  for (const file of ['launchday-sid.conf', 'launchday-locations.conf', 'launchday-proxy.conf'])
    writeFileSync(join(dir, file), readFileSync(join(PROVISIONED, file)));
  const confFile = join(dir, 'nginx.conf');
  let generation = 0;
  const write = (list: string[]) => {
    generation += 1;
    writeFileSync(
      confFile,
      `${process.getuid?.() === 0 ? 'user root;' : ''}
worker_processes 1;
error_log ${join(dir, 'error.log')} warn;
events { worker_connections 1024; }
http {
  client_body_temp_path ${join(dir, 'temp', 'body')};
  proxy_temp_path ${join(dir, 'temp', 'proxy')};
  fastcgi_temp_path ${join(dir, 'temp', 'fastcgi')};
  uwsgi_temp_path ${join(dir, 'temp', 'uwsgi')};
  scgi_temp_path ${join(dir, 'temp', 'scgi')};
  access_log off;
  include ${join(dir, 'launchday-sid.conf')};
  upstream launchday_shards {
    hash $launchday_sid consistent;
    ${list.map((s) => `server ${s};`).join('\n    ')}
    keepalive 16;
  }
  server {
    listen 127.0.0.1:${port};
    location = /generation { return 200 "${generation}"; }
    include ${join(dir, 'launchday-locations.conf')};
  }
}
`
    );
  };
  write(servers);
  const nginx: ComponentProcess = spawnComponent(
    'nginx',
    ['-p', dir, '-e', join(dir, 'error.log'), '-c', confFile, '-g', `daemon off; pid ${join(dir, 'nginx.pid')};`],
    dir
  );
  const url = `http://127.0.0.1:${port}`;
  await waitForHttp(`${url}/generation`, 10_000, nginx.alive).catch((err: Error) => {
    throw new Error(`${err.message}\n${nginx.output()}\n${safeRead(join(dir, 'error.log'))}`);
  });
  return {
    url,
    async reload(list) {
      write(list);
      nginx.child.kill('SIGHUP');
      // New connections reach a new worker once it answers with the new generation.
      for (const deadline = Date.now() + 10_000; ; await sleep(50)) {
        const answer = await fetch(`${url}/generation`, { headers: { connection: 'close' } })
          .then((r) => r.text())
          .catch(() => '');
        if (answer === String(generation)) return;
        if (Date.now() > deadline) throw new Error(`nginx did not reload\n${safeRead(join(dir, 'error.log'))}`);
      }
    },
    output: () => `${nginx.output()}\n${safeRead(join(dir, 'error.log'))}`,
    stop: () => nginx.stop(),
  };
}

function safeRead(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}
