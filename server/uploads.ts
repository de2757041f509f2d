import { createHash } from 'node:crypto';
import { createReadStream, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import { join } from 'node:path';

/**
 * Photos on the local host (cloud storage's stand-in): content-addressed files under
 * `<dataDir>/uploads`, named by the SHA-256 of their bytes, served at `/uploads/<name>`.
 * Only real JPEG / PNG / WebP bytes are accepted.
 */
export const MAX_UPLOAD_BYTES = 5 * 1024 * 1024;

const KINDS = {
  jpg: { type: 'image/jpeg', magic: (b: Buffer) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff },
  png: { type: 'image/png', magic: (b: Buffer) => b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) },
  webp: { type: 'image/webp', magic: (b: Buffer) => b.subarray(0, 4).toString('latin1') === 'RIFF' && b.subarray(8, 12).toString('latin1') === 'WEBP' },
} as const;

export const UPLOAD_NAME = /^[a-f0-9]{32}\.(jpg|png|webp)$/;

export type UploadResult = { ok: true; fileID: string } | { ok: false; status: number; message: string };

export const saveUpload = (dataDir: string, contentType: string, body: Buffer): UploadResult => {
  const ext = (Object.keys(KINDS) as (keyof typeof KINDS)[]).find((k) => contentType.toLowerCase().startsWith(KINDS[k].type));
  if (!ext) return { ok: false, status: 415, message: '只支持 JPG、PNG、WebP 图片' };
  if (body.length === 0) return { ok: false, status: 400, message: '图片内容为空' };
  if (!KINDS[ext].magic(body)) return { ok: false, status: 415, message: '文件内容不是有效的图片' };
  const name = `${createHash('sha256').update(body).digest('hex').slice(0, 32)}.${ext}`;
  const dir = join(dataDir, 'uploads');
  mkdirSync(dir, { recursive: true });
  const path = join(dir, name);
  if (!existsSync(path)) writeFileSync(path, body);
  return { ok: true, fileID: `/uploads/${name}` };
};

export const serveUpload = (dataDir: string, name: string, res: ServerResponse): boolean => {
  if (!UPLOAD_NAME.test(name)) return false;
  const path = join(dataDir, 'uploads', name);
  if (!existsSync(path)) return false;
  const ext = name.split('.')[1] as keyof typeof KINDS;
  res.writeHead(200, { 'content-type': KINDS[ext].type, 'cache-control': 'public, max-age=31536000, immutable', 'x-content-type-options': 'nosniff' });
  createReadStream(path).pipe(res);
  return true;
};
