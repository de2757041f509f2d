import { uploadRecordId } from '../domain/model/media';
import type { DocumentStore } from './store/document-store';

/**
 * Who uploaded what on the local host, and how much each person may upload a day.
 * Each accepted upload records `uploads/<openid>|<file>` (so an order may attach only its
 * filer's own photos, see cloudfunctions/_shared/media.ts) and moves the person's counter for
 * the day (`upload_quotas/<openid>|<day start>`, Beijing days). Beyond the day's count or bytes
 * the upload is refused with RATE_LIMITED before anything is written. The host handles one
 * request at a time between awaits, and check + write here are synchronous, so two uploads at
 * once cannot both slip under the limit.
 *
 * REDGRID_UPLOAD_QUOTA (JSON, e.g. {"count":50,"bytes":104857600}) overrides the defaults.
 */

export interface UploadQuota {
  /** Uploads per person per day. */
  count: number;
  /** Bytes per person per day. */
  bytes: number;
}

export const DEFAULT_UPLOAD_QUOTA: UploadQuota = { count: 60, bytes: 100 * 1024 * 1024 };

const DAY = 86_400_000;
const LOCAL_OFFSET_MS = 8 * 3_600_000;

export const dayStart = (now: number): number => Math.floor((now + LOCAL_OFFSET_MS) / DAY) * DAY - LOCAL_OFFSET_MS;

export const uploadQuota = (env: string | undefined = process.env.REDGRID_UPLOAD_QUOTA): UploadQuota => {
  if (!env) return DEFAULT_UPLOAD_QUOTA;
  try {
    const parsed = JSON.parse(env) as Partial<UploadQuota>;
    const count = Number.isInteger(parsed.count) && (parsed.count as number) > 0 ? (parsed.count as number) : DEFAULT_UPLOAD_QUOTA.count;
    const bytes = Number.isInteger(parsed.bytes) && (parsed.bytes as number) > 0 ? (parsed.bytes as number) : DEFAULT_UPLOAD_QUOTA.bytes;
    return { count, bytes };
  } catch {
    return DEFAULT_UPLOAD_QUOTA;
  }
};

interface QuotaDoc {
  _id: string;
  openid: string;
  day: number;
  count: number;
  bytes: number;
  [key: string]: unknown;
}

const quotaId = (openid: string, now: number) => `${openid}|${dayStart(now)}`;

const MB = 1024 * 1024;
const sizeLabel = (bytes: number) => (bytes >= MB ? `${Math.round(bytes / MB)} MB` : `${Math.round(bytes / 1024)} KB`);

export type QuotaCheck = { ok: true } | { ok: false; code: 'RATE_LIMITED'; message: string };

/** Would one more upload of `bytes` stay within today's quota? */
export const checkUploadQuota = (store: DocumentStore, openid: string, bytes: number, now: number, quota: UploadQuota = uploadQuota()): QuotaCheck => {
  const used = store.get('upload_quotas', quotaId(openid, now)) as QuotaDoc | undefined;
  if ((used?.count ?? 0) + 1 > quota.count) return { ok: false, code: 'RATE_LIMITED', message: `今天已上传 ${quota.count} 张照片，达到每日上限，请明天再试` };
  if ((used?.bytes ?? 0) + bytes > quota.bytes) return { ok: false, code: 'RATE_LIMITED', message: `今天上传的照片已达每日 ${sizeLabel(quota.bytes)} 上限，请明天再试` };
  return { ok: true };
};

/** Counts an accepted upload and records its uploader (one atomic batch). */
export const recordUpload = (store: DocumentStore, openid: string, fileId: string, bytes: number, now: number): void => {
  const id = quotaId(openid, now);
  const used = store.get('upload_quotas', id) as QuotaDoc | undefined;
  const counter: QuotaDoc = { _id: id, openid, day: dayStart(now), count: (used?.count ?? 0) + 1, bytes: (used?.bytes ?? 0) + bytes };
  const recordKey = uploadRecordId(openid, fileId);
  const record = { _id: recordKey, openid, fileID: fileId, bytes, at: now };
  store.commit([
    { collection: 'upload_quotas', id, doc: counter },
    { collection: 'uploads', id: recordKey, doc: record },
  ]);
};
