// Debian's nginx as a test origin: serves the player pages, the players' scripts and the streams under
// its folder, answers 504 for chosen segments while a flag file exists (the test decides when the edge
// fails), and logs every request in the launchday_cmcd format (docs/cmcd.md).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawnComponent, type ComponentProcess } from '../support/componentProcess';
import { freePort } from '../support/freePort';
import { waitForHttp } from '../support/waitForHttp';

export const LOG_FORMAT =
  `'$msec $status $request_method "$host" "$uri" "$arg_cmcd" ` +
  `"$http_cmcd_request" "$http_cmcd_object" "$http_cmcd_status" "$http_cmcd_session"'`;

export interface NginxOrigin {
  url: string;
  accessLog: string;
  /** From now on the failing paths answer 504. */
  startFailing(): void;
  stop(): Promise<void>;
}

export interface OriginFiles {
  /** Temp folder for nginx's config, logs and temp paths (removed on stop); other URLs are served from it. */
  dir: string;
  /** URL path (`/player.html`) → file served there. */
  files: Record<string, string>;
  /** A regular expression of URL paths answered with 504 once startFailing() was called. */
  failPaths: string;
  /** A path that answers 200 once nginx is up. */
  readyPath: string;
}

const TYPES =
  'text/html html; text/javascript js; application/vnd.apple.mpegurl m3u8; video/mp2t ts; ' +
  'application/dash+xml mpd; video/iso.segment m4s; video/mp4 mp4;';

export async function startNginxOrigin(files: OriginFiles): Promise<NginxOrigin> {
  const port = await freePort();
  const { dir } = files;
  const accessLog = join(dir, 'access.log');
  for (const sub of ['body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'])
    mkdirSync(join(dir, 'temp', sub), { recursive: true });
  const asRoot = process.getuid?.() === 0 ? 'user root;' : '';
  const flag = join(dir, 'edge-failing');
  const locations = [
    `location ~ ${files.failPaths} { if (-f ${flag}) { return 504; } root ${dir}; }`,
    ...Object.entries(files.files).map(([path, file]) => `location = ${path} { alias ${file}; }`),
    `location / { root ${dir}; }`,
  ];
  const conf = `${asRoot}
worker_processes 1;
error_log ${join(dir, 'error.log')} warn;
events { worker_connections 512; }
http {
  types { ${TYPES} }
  client_body_temp_path ${join(dir, 'temp', 'body')};
  proxy_temp_path ${join(dir, 'temp', 'proxy')};
  fastcgi_temp_path ${join(dir, 'temp', 'fastcgi')};
  uwsgi_temp_path ${join(dir, 'temp', 'uwsgi')};
  scgi_temp_path ${join(dir, 'temp', 'scgi')};
  log_format launchday_cmcd ${LOG_FORMAT};
  access_log ${accessLog} launchday_cmcd;
  server {
    listen 127.0.0.1:${port};
    ${locations.join('\n    ')}
  }
}
`;
  const confFile = join(dir, 'nginx.conf');
  writeFileSync(confFile, conf);
  const nginx: ComponentProcess = spawnComponent(
    'nginx',
    ['-p', dir, '-e', join(dir, 'error.log'), '-c', confFile, '-g', `daemon off; pid ${join(dir, 'nginx.pid')};`],
    dir
  );
  const url = `http://127.0.0.1:${port}`;
  await waitForHttp(`${url}${files.readyPath}`, 10_000, nginx.alive).catch((err: Error) => {
    throw new Error(`${err.message}\n${nginx.output()}`);
  });
  return { url, accessLog, startFailing: () => writeFileSync(flag, ''), stop: () => nginx.stop() };
}
