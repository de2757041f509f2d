import { z } from 'zod';

/**
 * References to uploaded photos. Two shapes only:
 * - the local host's files, `/uploads/<hex>.<ext>` (content-addressed, see server/uploads.ts);
 * - CloudBase file ids, `cloud://<env>.<bucket>/<path>` whose path segments are plain names
 *   (no `..`, no empty segment, nothing that starts with a dot).
 * The shape is only the first gate: whose upload it is, and whether it belongs to this
 * environment, is checked by the functions (cloudfunctions/_shared/media.ts).
 */
export const LOCAL_UPLOAD_ID = /^\/uploads\/([a-f0-9]{16,64})\.(jpg|jpeg|png|webp)$/;
export const CLOUD_FILE_ID = /^cloud:\/\/([A-Za-z0-9][A-Za-z0-9-]{0,63})\.([A-Za-z0-9][A-Za-z0-9-]{0,63})((?:\/[A-Za-z0-9_-][A-Za-z0-9_.-]{0,99}){1,8})$/;

export const FILE_ID = z
  .string()
  .max(256)
  .refine((s) => LOCAL_UPLOAD_ID.test(s) || CLOUD_FILE_ID.test(s), '图片地址不正确');

export const isLocalUpload = (fileId: string): boolean => LOCAL_UPLOAD_ID.test(fileId);

/** The environment id a `cloud://` file id names, or null for anything else. */
export const cloudEnvOf = (fileId: string): string | null => CLOUD_FILE_ID.exec(fileId)?.[1] ?? null;

/** The record that `openid` uploaded the local host's file `fileId` (collection `uploads`). */
export const uploadRecordId = (openid: string, fileId: string): string => `${openid}|${fileId.replace(/^\/uploads\//, '')}`;
