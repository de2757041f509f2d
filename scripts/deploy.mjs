// `npm run deploy -- --env <cloudEnvId> [--dry-run]`: uploads the mini-program and the cloud functions
// with miniprogram-ci, the sweep's timer, the database collections / indexes / security rules;
// `--dry-run` checks all of it offline (scripts/deploy/*). Bundled with esbuild like the benches.
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildSync } from 'esbuild';

const root = join(fileURLToPath(import.meta.url), '..', '..');
const outfile = join(root, '.tmp', 'deploy', 'deploy-cli.cjs');
buildSync({ entryPoints: [join(root, 'scripts', 'deploy', 'cli.ts')], outfile, bundle: true, platform: 'node', format: 'cjs', packages: 'external', logLevel: 'error' });
const cli = createRequire(import.meta.url)(outfile);
const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));

try {
  const args = cli.parseDeployArgs(process.argv.slice(2), process.env, version);
  const ok = await cli.runDeploy(root, args, (line) => console.log(line));
  process.exit(ok ? 0 : 1);
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}
