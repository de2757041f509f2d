// Finds a Chromium for the e2e tier, installing one when none is present
// (apt as root, else Playwright's own download). Prints the executable path.
import { execSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

const candidates = () => {
  const list = [process.env.CHROME_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable'];
  const cache = join(homedir(), '.cache', 'ms-playwright');
  if (existsSync(cache)) {
    for (const dir of readdirSync(cache).filter((d) => d.startsWith('chromium')).sort().reverse()) {
      list.push(join(cache, dir, 'chrome-linux', 'chrome'), join(cache, dir, 'chrome-linux64', 'chrome'));
    }
  }
  return list.filter((p) => p && existsSync(p));
};

export const findBrowser = ({ install = true, log = console.error } = {}) => {
  const found = candidates()[0];
  if (found || !install) return found;
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  try {
    if (isRoot) {
      log('no Chromium found: installing Debian chromium + fonts-noto-cjk with apt-get …');
      execSync('apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk', { stdio: 'inherit' });
    } else {
      log('no Chromium found: trying `npx playwright install chromium` …');
      execSync('npx --yes playwright install chromium', { stdio: 'inherit' });
    }
  } catch (error) {
    log(`browser install failed: ${String(error)}`);
  }
  return candidates()[0];
};

if (import.meta.url === `file://${process.argv[1]}`) {
  const path = findBrowser();
  if (!path) {
    console.error('no browser available');
    process.exit(1);
  }
  console.log(path);
}
