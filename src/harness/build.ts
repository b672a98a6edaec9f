// Builds the harness/preview page into build/preview/ (relative URLs, so any prefix such as /preview/ serves it).
// Outside dist/: dist/ is the plugin folder Grafana mounts, and holds only the plugin.
import { build } from 'esbuild';
import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';

const root = join(__dirname, '..', '..');
const outdir = join(root, 'build', 'preview');
mkdirSync(outdir, { recursive: true });

async function main() {
  const started = Date.now();
  await build({
    entryPoints: { main: join(__dirname, 'main.tsx'), bench: join(__dirname, 'bench.tsx') },
    bundle: true,
    outdir,
    format: 'iife',
    jsx: 'automatic',
    minify: true,
    target: 'es2022',
    define: { 'process.env.NODE_ENV': '"production"' },
    loader: { '.svg': 'file', '.woff': 'file', '.woff2': 'file', '.ttf': 'file', '.png': 'file' },
    logLevel: 'warning',
    legalComments: 'none',
  });
  copyFileSync(join(__dirname, 'index.html'), join(outdir, 'index.html'));
  copyFileSync(join(__dirname, 'bench.html'), join(outdir, 'bench.html'));
  console.log(`harness built in ${Date.now() - started} ms -> ${outdir}`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
