/**
 * Stand-alone config for the weapp tier (`npx jest -c test/weapp/jest.config.js`).
 * The root jest.config.js carries the same settings as its `weapp` project.
 */
const path = require('node:path')

module.exports = {
  rootDir: path.resolve(__dirname, '../..'),
  displayName: 'weapp',
  testEnvironment: 'jsdom',
  testMatch: ['<rootDir>/test/weapp/**/*.test.ts'],
  transform: {
    '^.+\\.tsx?$': ['ts-jest', { tsconfig: { module: 'commonjs', moduleResolution: 'node', target: 'es2020', esModuleInterop: true, isolatedModules: true } }],
  },
  // The built mini-program is loaded as it is, never transpiled.
  transformIgnorePatterns: ['/node_modules/', '<rootDir>/dist/'],
}
