// The functions only ever speak Chinese (cloudfunctions/_shared/dispatch.ts configures zh-CN),
// but zod's `z` namespace re-exports every locale it ships (~40, most of a bundle's size). This
// esbuild plugin hands zod's own locales barrel a stand-in holding zh-CN (and en, zod's default).
import { dirname, join } from 'node:path';

const barrel = /[\\/]zod[\\/]v4[\\/]locales[\\/]index\.c?js$/;

export const zodChineseOnly = {
  name: 'zod-chinese-only',
  setup(build) {
    build.onResolve({ filter: /locales[\\/]index\.c?js$/ }, (args) => {
      const path = join(args.resolveDir, args.path);
      return barrel.test(path) ? { path, namespace: 'zod-locales' } : undefined;
    });
    build.onLoad({ filter: /.*/, namespace: 'zod-locales' }, (args) => ({
      contents: `export { default as zhCN } from './zh-CN.js';\nexport { default as en } from './en.js';\n`,
      resolveDir: dirname(args.path),
      loader: 'js',
    }));
  },
};
