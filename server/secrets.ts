import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The local host's deployment secrets (what CloudBase keeps in function environment
 * variables), created once per data dir in `secrets.json` (mode 0600) and stable across
 * restarts, so printed QR codes keep working.
 */
export const hostSecret = (dataDir: string, name: string): string => {
  mkdirSync(dataDir, { recursive: true });
  const file = join(dataDir, 'secrets.json');
  const all: Record<string, string> = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>) : {};
  if (!all[name]) {
    all[name] = randomBytes(32).toString('base64url');
    writeFileSync(file, `${JSON.stringify(all, null, 2)}\n`, { mode: 0o600 });
  }
  return all[name];
};
