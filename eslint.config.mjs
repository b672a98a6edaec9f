// Flat config shared by the exporter, core and the Grafana app.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

export default tseslint.config(
  { ignores: ['dist/**', 'build/**', 'node_modules/**', 'coverage/**', 'tests/output/**', '.config/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['core/**/*.ts'],
    ignores: ['core/**/*.test.ts'],
    rules: {
      // core/ is pure: no I/O, no frameworks.
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            'node:*',
            'fs',
            'http',
            'express',
            'react',
            '@grafana/*',
            'pino',
            'prom-client',
            '**/exporter/**',
            '**/src/**',
            '**/simulator/**',
            '**/backtest/**',
            '**/review/**',
          ],
        },
      ],
    },
  },
  {
    // The rooms stand on core/ and never on each other (the CLI alone joins exporter and simulator).
    files: ['exporter/**/*.ts'],
    ignores: ['exporter/cli/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: ['**/src/**', '**/simulator/**', '**/backtest/**', '**/review/**', 'react', '@grafana/*'] },
      ],
    },
  },
  {
    files: ['src/**/*.ts', 'src/**/*.tsx'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: ['**/exporter/**', '**/simulator/**', '**/backtest/**', '**/review/**', 'express', 'pino'] },
      ],
    },
  },
  {
    // Offline tools: the backtest (scores core/forecast on recorded surges) and the capacity review (reads
    // Prometheus's and Alertmanager's HTTP APIs). They stand on core/ alone.
    files: ['backtest/**/*.ts', 'review/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: ['**/exporter/**', '**/src/**', '**/simulator/**', 'react', '@grafana/*'] },
      ],
    },
  },
  {
    files: ['simulator/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: ['**/exporter/**', '**/src/**', 'react', '@grafana/*'] }] },
  },
  {
    files: ['**/*.cjs', '**/*.js', '**/*.mjs'],
    languageOptions: { globals: { ...globals.node, ...globals.jest, ...globals.browser } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  }
);
