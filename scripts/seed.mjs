// `npm run seed -- --scale district`: generates a 渭城区-scale district into the host's data dir
// (server/seed/district/*; see its cli.ts for the flags). Bundles the generator with esbuild
// like the benches do, then runs it with a progress bar (cli-progress).
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildSync } from 'esbuild';
import cliProgress from 'cli-progress';

const root = join(fileURLToPath(import.meta.url), '..', '..');
const outfile = join(root, '.tmp', 'seed', 'district-cli.cjs');
buildSync({ entryPoints: [join(root, 'server', 'seed', 'district', 'cli.ts')], outfile, bundle: true, platform: 'node', format: 'cjs', packages: 'external', logLevel: 'error' });
const cli = createRequire(import.meta.url)(outfile);

let options;
try {
  options = cli.parseArgs(process.argv.slice(2), process.env, root);
} catch (error) {
  console.error(error.message);
  process.exit(2);
}

const LABELS = { simulate: '模拟时间线', write: '写入存储  ' };
const bars = new cliProgress.MultiBar(
  { format: '{phase} [{bar}] {percentage}% | {value}/{total} {unit} | {duration_formatted}', hideCursor: true, clearOnComplete: false, noTTYOutput: true, notTTYSchedule: 5000 },
  cliProgress.Presets.shades_classic,
);
const active = {};
const progress = (phase, done, total) => {
  const unit = phase === 'simulate' ? '分钟' : '条';
  const scaleDown = phase === 'simulate' ? 60_000 : 1;
  if (!active[phase]) active[phase] = bars.create(Math.round(total / scaleDown), 0, { phase: LABELS[phase], unit });
  active[phase].setTotal(Math.round(total / scaleDown));
  active[phase].update(Math.round(done / scaleDown));
};

// Lines said while the bars run are kept and printed once the bars have stopped (no redraw eats them).
const later = [];
const say = (line) => (Object.keys(active).length > 0 ? later.push(line) : console.log(line));
try {
  await cli.runCli(options, progress, say);
  bars.stop();
  for (const line of later) console.log(line);
} catch (error) {
  bars.stop();
  for (const line of later) console.log(line);
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}
