// Extends the create-plugin scaffold: the app's manifest lives at the repository root (the house layout),
// and the app's own module.ts sits beside no plugin.json in src/, so both are added here.
import CopyWebpackPlugin from 'copy-webpack-plugin';
import path from 'path';
import type { Configuration } from 'webpack';

import grafanaConfig, { type Env } from './.config/webpack/webpack.config';

const copyPatterns = [
  { from: '../plugin.json', to: 'plugin.json' },
  // Nested panels' manifests and the dashboards the app includes.
  { from: '**/*.json', to: '.' },
  { from: '**/img/*', to: '.' },
  { from: '../README.md', to: '.', noErrorOnMissing: true },
  { from: '../LICENSE', to: '.', noErrorOnMissing: true },
  { from: '../CHANGELOG.md', to: '.', noErrorOnMissing: true },
];

type Rule = { use?: { loader?: string; options?: { jsc?: Record<string, unknown> } } };

/** Our components use React's automatic JSX runtime (react/jsx-runtime, an external Grafana provides). */
function withAutomaticJsx(rules: unknown[]): unknown[] {
  return rules.map((rule) => {
    const r = rule as Rule;
    if (r.use?.loader !== 'swc-loader') {
      return rule;
    }
    const jsc = { ...r.use.options?.jsc, transform: { react: { runtime: 'automatic' } } };
    return { ...r, use: { ...r.use, options: { ...r.use.options, jsc } } };
  });
}

const config = async (env: Env): Promise<Configuration> => {
  const base = await grafanaConfig(env);
  return {
    ...base,
    module: {
      ...base.module,
      rules: withAutomaticJsx(base.module?.rules ?? []) as NonNullable<Configuration['module']>['rules'],
    },
    entry: { ...(base.entry as Record<string, string>), module: path.resolve(process.cwd(), 'src', 'module.ts') },
    plugins: (base.plugins ?? []).map((plugin) =>
      plugin instanceof CopyWebpackPlugin ? new CopyWebpackPlugin({ patterns: copyPatterns }) : plugin
    ),
  };
};

export default config;
