// `npm test`: lint, build everything the tiers need, find (or install) a browser, then
// run the four jest projects (unit, integration, weapp, e2e) in one run and print
// one summary line. Set REDGRID_SKIP_BUILD=1 to reuse existing builds while iterating.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findBrowser } from './find-browser.mjs';

const root = join(fileURLToPath(import.meta.url), '..', '..');
const started = Date.now();
const timings = {};

const step = (name, command, args, env = {}) => {
  const t0 = Date.now();
  console.log(`\n▶ ${name}`);
  const res = spawnSync(command, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
  timings[name] = `${((Date.now() - t0) / 1000).toFixed(1)}s`;
  if (res.status !== 0) {
    console.error(`\n✖ ${name} failed (exit ${res.status ?? res.signal})`);
    console.log('tests: 0 passed, 1 failed');
    process.exit(1);
  }
};

const npx = (bin) => join(root, 'node_modules', '.bin', bin);

step('lint (typecheck + ESLint + dependency rules)', 'npm', ['run', 'lint', '--silent']);
if (process.env.REDGRID_SKIP_BUILD !== '1') {
  step('build weapp', npx('taro'), ['build', '--type', 'weapp'], { NODE_ENV: 'production' });
  step('build h5', npx('taro'), ['build', '--type', 'h5'], { NODE_ENV: 'production' });
  step('build cloud functions + host', 'node', ['scripts/build-backend.mjs', 'all']);
}

const browser = findBrowser();
if (!browser) {
  console.error('✖ no Chromium available for the e2e tier');
  console.log('tests: 0 passed, 1 failed');
  process.exit(1);
}
console.log(`\nbrowser for e2e: ${browser}`);

mkdirSync(join(root, '.tmp'), { recursive: true });
const results = join(root, '.tmp', 'jest-results.json');
const t0 = Date.now();
const jest = spawnSync(npx('jest'), ['--ci', '--json', `--outputFile=${results}`, ...process.argv.slice(2)], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, CHROME_PATH: browser },
});
timings.jest = `${((Date.now() - t0) / 1000).toFixed(1)}s`;

let summary = { numPassedTests: 0, numFailedTests: 1, numPendingTests: 0, numTodoTests: 0 };
if (existsSync(results)) summary = JSON.parse(readFileSync(results, 'utf8'));
const skipped = summary.numPendingTests + summary.numTodoTests;
console.log(`\ntimings: ${JSON.stringify(timings)} total ${((Date.now() - started) / 1000).toFixed(1)}s`);
const failed = summary.numFailedTests + (jest.status !== 0 && summary.numFailedTests === 0 ? 1 : 0);
console.log(`tests: ${summary.numPassedTests} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(jest.status === 0 ? 0 : 1);
