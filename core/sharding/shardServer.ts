/**
 * The `host:port` a shard is known by on the ring, from its base URL: nginx builds its ring from the
 * `server` line as written, so write the port in both (a URL without one gets its scheme's default).
 */
export function shardServerOf(target: string): string {
  const url = new URL(target);
  return `${url.hostname}:${url.port || (url.protocol === 'https:' ? '443' : '80')}`;
}
