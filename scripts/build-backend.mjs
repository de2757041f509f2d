// Bundles the cloud functions (one deployable folder each) and the local cloud host with esbuild.
//   node scripts/build-backend.mjs functions   → cloudfunctions-dist/<fn>/{index.js,package.json,config.json}
//   node scripts/build-backend.mjs server      → server-dist/main.cjs
import { build } from 'esbuild';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { zodChineseOnly } from './build/zod-locales.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const what = process.argv[2] ?? 'functions';

const buildFunctions = async () => {
  const out = join(root, 'cloudfunctions-dist');
  rmSync(out, { recursive: true, force: true });
  const names = readdirSync(join(root, 'cloudfunctions')).filter(
    (n) => !n.startsWith('_') && existsSync(join(root, 'cloudfunctions', n, 'index.ts')),
  );
  const sizes = {};
  for (const name of names) {
    const dir = join(out, name);
    mkdirSync(dir, { recursive: true });
    await build({
      entryPoints: [join(root, 'cloudfunctions', name, 'index.ts')],
      outfile: join(dir, 'index.js'),
      bundle: true,
      platform: 'node',
      target: 'node16',
      format: 'cjs',
      minify: true,
      keepNames: true,
      legalComments: 'none',
      external: ['wx-server-sdk'],
      plugins: [zodChineseOnly],
      logLevel: 'warning',
    });
    writeFileSync(
      join(dir, 'package.json'),
      JSON.stringify(
        { name, version: pkg.version, private: true, main: 'index.js', dependencies: { 'wx-server-sdk': pkg.dependencies['wx-server-sdk'] } },
        null,
        2,
      ) + '\n',
    );
    const config = join(root, 'cloudfunctions', name, 'config.json');
    writeFileSync(join(dir, 'config.json'), existsSync(config) ? readFileSync(config) : '{"permissions":{"openapi":[]}}\n');
    sizes[name] = `${(statSync(join(dir, 'index.js')).size / 1024).toFixed(1)} KB`;
  }
  console.log(`cloud functions → cloudfunctions-dist/ ${JSON.stringify(sizes)}`);
};

const buildServer = async () => {
  await build({
    entryPoints: [join(root, 'server', 'main.ts')],
    outfile: join(root, 'server-dist', 'main.cjs'),
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    packages: 'external',
    sourcemap: true,
    logLevel: 'warning',
  });
  console.log('local cloud host → server-dist/main.cjs');
};

if (what === 'functions' || what === 'all') await buildFunctions();
if (what === 'server' || what === 'all') await buildServer();
