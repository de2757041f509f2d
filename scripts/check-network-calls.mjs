// Lint rule the import graph can't see: only src/services/ may call the network.
// Pages and components must go through src/services/ (cloud.ts and friends).
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(fileURLToPath(import.meta.url), '..', '..');
const NETWORK = /\b(Taro\.(request|cloud|uploadFile|downloadFile|connectSocket)|wx\.(request|cloud)|fetch\s*\(|XMLHttpRequest|WebSocket\s*\()/;

const walk = (dir) =>
  readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path) : /\.(tsx?|jsx?)$/.test(name) ? [path] : [];
  });

const offenders = [];
for (const file of walk(join(root, 'src'))) {
  const rel = relative(root, file);
  if (rel.startsWith(join('src', 'services'))) continue;
  readFileSync(file, 'utf8')
    .split('\n')
    .forEach((line, i) => {
      if (NETWORK.test(line) && !line.trim().startsWith('//')) offenders.push(`${rel}:${i + 1}: ${line.trim()}`);
    });
}
if (offenders.length) {
  console.error('Network calls outside src/services/ (route them through the services layer):');
  for (const o of offenders) console.error(`  ${o}`);
  process.exit(1);
}
console.log('✔ network calls only in src/services/');
