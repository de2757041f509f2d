// Four tiers, one runner: `npm test` builds what they need, then runs every project.
const ts = [
  'ts-jest',
  {
    isolatedModules: true,
    tsconfig: {
      module: 'commonjs',
      moduleResolution: 'node',
      target: 'es2020',
      jsx: 'react-jsx',
      esModuleInterop: true,
      resolveJsonModule: true,
    },
  },
];
const base = {
  transform: { '^.+\\.tsx?$': ts },
  moduleFileExtensions: ['ts', 'tsx', 'js', 'json'],
  // The app's import aliases (tsconfig.json paths, config/index.ts alias).
  moduleNameMapper: { '^@/(.*)$': '<rootDir>/src/$1', '^@domain/(.*)$': '<rootDir>/domain/$1' },
  transformIgnorePatterns: ['/node_modules/', '<rootDir>/dist/', '<rootDir>/dist-h5/', '<rootDir>/cloudfunctions-dist/'],
};

module.exports = {
  projects: [
    { ...base, displayName: 'unit', testEnvironment: 'node', testMatch: ['<rootDir>/test/unit/**/*.test.ts'] },
    { ...base, displayName: 'integration', testEnvironment: 'node', testMatch: ['<rootDir>/test/integration/**/*.test.ts'] },
    { ...base, displayName: 'weapp', testEnvironment: 'jsdom', testMatch: ['<rootDir>/test/weapp/**/*.test.ts'] },
    { ...base, displayName: 'e2e', testEnvironment: 'node', testMatch: ['<rootDir>/test/e2e/**/*.test.ts'] },
  ],
};
