import { DomainError } from '../../domain/model/envelope';
import { cloudEnvOf, isLocalUpload, uploadRecordId } from '../../domain/model/media';
import { hostHooks } from './host-hooks';
import { type Db, sdk } from './platform';
import { isNotFound } from './repos/sdk-results';

/**
 * Photos an action may attach: only the caller's own uploads.
 * - On the local host: `/uploads/<hex>.<ext>` files that this caller uploaded (the host records
 *   the uploader of each file in `uploads`, see server/upload-records.ts); no `cloud://` ids
 *   (the host has no cloud storage, so such an id can only be made up).
 * - On CloudBase: `cloud://` file ids of this environment only (the schema already refuses
 *   `..` and other path tricks); no `/uploads/` ids.
 * Anything else is INVALID_ARGUMENT naming the offending item; nothing is read beyond the
 * records by primary key.
 */

const refuse = (index: number): never => {
  throw new DomainError('INVALID_ARGUMENT', '图片无效：只能使用自己上传的照片', { fields: [{ path: `media.${index}`, message: '只能使用自己上传的照片' }] });
};

/** The CloudBase environment the function runs in (null when the platform does not say). */
const currentEnv = (): string | null => {
  const ctx = sdk().getWXContext() as { ENV?: string };
  return typeof ctx.ENV === 'string' && ctx.ENV.length > 0 ? ctx.ENV : null;
};

export const requireOwnMedia = async (deps: { db: Db }, openid: string, media: readonly string[] | undefined | null): Promise<void> => {
  if (!media || media.length === 0) return;
  const onHost = !!hostHooks();
  const env = onHost ? null : currentEnv();
  for (const [index, fileId] of media.entries()) {
    if (onHost) {
      if (!isLocalUpload(fileId)) refuse(index);
      try {
        await deps.db.collection('uploads').doc(uploadRecordId(openid, fileId)).get();
      } catch (error) {
        if (isNotFound(error)) refuse(index);
        throw error;
      }
    } else {
      const fileEnv = cloudEnvOf(fileId);
      if (!fileEnv || (env !== null && fileEnv !== env)) refuse(index);
    }
  }
};
