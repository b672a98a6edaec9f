import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { freePort } from '../support/freePort';
import { waitForHttp } from '../support/waitForHttp';
import { EXPORTER_NODE_FLAGS } from '../../exporter/runtime/nodeFlags';

const bin = join(__dirname, '..', '..', 'bin', 'launchday.cjs');

/** A `launchday serve` process for chaos runs: its own config file, log captured, metrics at hand. */
export class ExporterProcess {
  private constructor(
    readonly url: string,
    readonly child: ChildProcess,
    private readonly output: { text: string }
  ) {}

  /**
   * `options.env` is added to the child's environment (a preload, say); `options.cpus` pins it to
   * those cores with taskset (which execs node, so the pid and signals are node's).
   */
  static async start(
    dir: string,
    config: Record<string, unknown>,
    options: { env?: Record<string, string>; cpus?: string } = {}
  ): Promise<ExporterProcess> {
    const configFile = join(dir, 'config.yaml');
    writeFileSync(configFile, stringify({ logLevel: 'info', ...config }));
    const port = await freePort();
    const args = [
      process.execPath,
      ...EXPORTER_NODE_FLAGS,
      bin,
      'serve',
      '--listen',
      `127.0.0.1:${port}`,
      '--config',
      configFile,
    ];
    const [cmd, ...rest] = options.cpus ? ['taskset', '-c', options.cpus, ...args] : args;
    const child = spawn(cmd!, rest, {
      env: { ...process.env, LAUNCHDAY_CONFIG: '', ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const output = { text: '' };
    child.stdout!.on('data', (c: Buffer) => (output.text += c.toString()));
    child.stderr!.on('data', (c: Buffer) => (output.text += c.toString()));
    const url = `http://127.0.0.1:${port}`;
    await waitForHttp(`${url}/readyz`, 30_000, () => child.exitCode === null);
    return new ExporterProcess(url, child, output);
  }

  get log(): string {
    return this.output.text;
  }

  async metrics(): Promise<string> {
    return (await fetch(`${this.url}/metrics`)).text();
  }

  /** The sum of a metric's series (all label sets), or NaN when absent. */
  async sum(name: string): Promise<number> {
    const lines = (await this.metrics())
      .split('\n')
      .filter((l) => l.startsWith(`${name}{`) || l.startsWith(`${name} `));
    return lines.length ? lines.reduce((a, l) => a + Number(l.split(' ').pop()), 0) : NaN;
  }

  async viewers(): Promise<number> {
    const v = await this.sum('launchday_concurrent_viewers');
    return Number.isNaN(v) ? 0 : v;
  }

  async kill(signal: NodeJS.Signals): Promise<void> {
    if (this.child.exitCode !== null) return;
    const exited = once(this.child, 'exit');
    this.child.kill(signal);
    await exited;
  }
}
