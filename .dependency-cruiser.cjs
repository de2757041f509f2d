/**
 * The arrows of the architecture (docs/architecture.md, "Layers"), enforced by `npm run lint`:
 *   pages → services → (network);  cloudfunctions → adapters → domain;  domain → nothing.
 */
module.exports = {
  forbidden: [
    {
      name: 'domain-is-pure',
      comment: 'domain/ imports no platform: no Taro, no wx, no SDK, no Node built-ins, no host or app code.',
      severity: 'error',
      from: { path: '^domain/' },
      to: {
        pathNot: '^domain/|^node_modules/(zod|dayjs|chinese-days)/',
      },
    },
    {
      name: 'domain-no-node-builtins',
      severity: 'error',
      from: { path: '^domain/' },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'pages-talk-through-services',
      comment: 'Only src/services/ may reach the network (Taro.request, Taro.cloud, fetch wrappers, the SDK).',
      severity: 'error',
      from: { path: '^src/(pages|packages|components)/' },
      to: { path: '^node_modules/(wx-server-sdk|axios|@cloudbase)/|^src/services/.*-transport' },
    },
    {
      name: 'app-does-not-import-backend',
      severity: 'error',
      from: { path: '^src/' },
      to: { path: '^(cloudfunctions|server)/' },
    },
    {
      name: 'functions-do-not-import-host-or-app',
      severity: 'error',
      from: { path: '^cloudfunctions/' },
      to: { path: '^(server|src)/' },
    },
    {
      name: 'no-circular',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
    exclude: { path: '^(dist|dist-h5|cloudfunctions-dist|server-dist)/' },
  },
};
