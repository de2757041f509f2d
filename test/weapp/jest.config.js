/**
 * Stand-alone config for the weapp tier: `npx jest -c test/weapp/jest.config.js`.
 * Same settings as the `weapp` project in the root jest.config.js.
 * Needs `npm run build:weapp` first (the tests load dist/).
 */
const path = require('node:path')

module.exports = {
  rootDir: path.resolve(__dirname, '../..'),
  displayName: 'weapp',
  testEnvironment: 'jsdom',
  testMatch: ['<rootDir>/test/weapp/**/*.test.ts'],
  moduleFileExtensions: ['ts', 'tsx', 'js', 'json'],
  transform: {
    '^.+\\.tsx?$': [
      'ts-jest',
      {
        isolatedModules: true,
        tsconfig: { module: 'commonjs', moduleResolution: 'node', target: 'es2020', esModuleInterop: true },
      },
    ],
  },
  // dist/ is loaded as the WeChat client would load it: never transpiled.
  transformIgnorePatterns: ['/node_modules/', '<rootDir>/dist/'],
}
