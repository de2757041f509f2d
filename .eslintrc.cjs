/**
 * ESLint for the whole project (`npm run lint`, and so `npm test`): Taro's React rules
 * (eslint-config-taro) with react-hooks and @typescript-eslint, plus two rules of the house:
 * only src/services/ talks to the network, and the domain never reads the clock or dice itself.
 */
const NETWORK_MESSAGE = 'Only src/services/ talks to the backend: go through the services layer.';

module.exports = {
  root: true,
  extends: ['taro/react', 'plugin:react-hooks/recommended', 'plugin:@typescript-eslint/recommended'],
  parser: '@typescript-eslint/parser',
  plugins: ['@typescript-eslint'],
  env: { es2022: true, node: true },
  settings: { react: { version: '18' } },
  ignorePatterns: ['node_modules/', 'dist/', 'dist-h5/', 'cloudfunctions-dist/', 'server-dist/', '.tmp/', '.data/', 'test/artifacts/', 'coverage/'],
  rules: {
    // The automatic JSX runtime (tsconfig "jsx": "react-jsx"): no React import needed.
    'react/react-in-jsx-scope': 'off',
    // tsc (strict, noUnusedLocals/Parameters) already reports these precisely.
    '@typescript-eslint/no-unused-vars': 'off',
    'no-unused-vars': 'off',
    // `any` is allowed only with a comment saying why (an eslint-disable line is that comment).
    '@typescript-eslint/no-explicit-any': 'error',
    // Type-only imports are written as `import type`.
    '@typescript-eslint/consistent-type-imports': ['error', { prefer: 'type-imports', fixStyle: 'inline-type-imports' }],
    'import/no-duplicates': 'error',
  },
  overrides: [
    {
      // Taro's TypeScript override asks for package imports before relative ones; our @/ and
      // @domain/ aliases read as packages to it, so keep only "imports first".
      files: ['**/*.{ts,tsx}'],
      rules: { 'import/first': ['error', 'disable-absolute-first'] },
    },
    {
      files: ['src/**/*.{ts,tsx}'],
      excludedFiles: ['src/services/**'],
      rules: {
        'no-restricted-globals': [
          'error',
          { name: 'fetch', message: NETWORK_MESSAGE },
          { name: 'XMLHttpRequest', message: NETWORK_MESSAGE },
          { name: 'WebSocket', message: NETWORK_MESSAGE },
        ],
        'no-restricted-properties': [
          'error',
          ...['request', 'cloud', 'uploadFile', 'downloadFile', 'connectSocket'].map((property) => ({ object: 'Taro', property, message: NETWORK_MESSAGE })),
          ...['request', 'cloud', 'uploadFile', 'downloadFile', 'connectSocket'].map((property) => ({ object: 'wx', property, message: NETWORK_MESSAGE })),
        ],
        'no-restricted-imports': [
          'error',
          { paths: [{ name: '@tarojs/taro', importNames: ['request', 'cloud', 'uploadFile', 'downloadFile', 'connectSocket'], message: NETWORK_MESSAGE }] },
        ],
      },
    },
    {
      files: ['domain/**/*.ts'],
      rules: {
        'no-restricted-properties': [
          'error',
          { object: 'Date', property: 'now', message: 'The domain takes its time from the injected Clock.' },
          { object: 'Math', property: 'random', message: 'The domain takes ids and randomness from injected ports.' },
        ],
      },
    },
    {
      files: ['**/*.{js,cjs,mjs}'],
      parser: 'espree',
      parserOptions: { ecmaVersion: 2022, sourceType: 'module' },
      rules: { '@typescript-eslint/no-var-requires': 'off', '@typescript-eslint/consistent-type-imports': 'off' },
    },
  ],
};
