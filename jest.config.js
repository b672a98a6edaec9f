// Jest for the Grafana app only (src/); the node rooms run under node:test (scripts/test.mjs).
// force timezone to UTC so labels read the same on every machine
process.env.TZ = 'UTC';

const { grafanaESModules, nodeModulesToTransform } = require('./.config/jest/utils');
const base = require('./.config/jest.config');

const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', tsx: true, decorators: false, dynamicImport: true },
      transform: { react: { runtime: 'automatic' } },
    },
  },
];

module.exports = {
  ...base,
  roots: ['<rootDir>/src'],
  testMatch: ['<rootDir>/src/**/*.test.{ts,tsx}'],
  // d3-interpolate and friends ship .mjs: transform those too.
  transform: { '^.+\\.(t|j)sx?$': swc, '^.+\\.mjs$': swc },
  transformIgnorePatterns: [
    nodeModulesToTransform([...grafanaESModules, '@react-hookz', '@ver0', 'd3-.*', 'internmap']),
  ],
  // The first import of @grafana/ui takes several seconds on two busy cores.
  testTimeout: 60000,
  maxWorkers: 2,
};
