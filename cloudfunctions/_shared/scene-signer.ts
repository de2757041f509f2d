import { createHmac, randomBytes } from 'node:crypto';
import type { Signer } from '../../domain/qr/scene';
import type { Db } from './platform';
import { isNotFound } from './repos/sdk-results';

let secret: Promise<string> | undefined;

/**
 * The QR signing key: REDGRID_QR_SECRET in production (function env), else a random key
 * kept in the `secrets` collection (created on first use). It never leaves the functions.
 */
const loadSecret = async (db: Db): Promise<string> => {
  const fromEnv = process.env.REDGRID_QR_SECRET;
  if (fromEnv && fromEnv.length >= 16) return fromEnv;
  try {
    return ((await db.collection('secrets').doc('qr').get()) as unknown as { data: { value: string } }).data.value;
  } catch (error) {
    if (!isNotFound(error)) throw error;
    const value = randomBytes(32).toString('base64url');
    try {
      await db.collection('secrets').add({ data: { _id: 'qr', value } });
      return value;
    } catch {
      return ((await db.collection('secrets').doc('qr').get()) as unknown as { data: { value: string } }).data.value;
    }
  }
};

export const sceneSigner = async (db: Db): Promise<Signer> => {
  secret ??= loadSecret(db).catch((e) => {
    secret = undefined;
    throw e;
  });
  const key = await secret;
  return (text) => createHmac('sha256', key).update(text).digest('base64url');
};
