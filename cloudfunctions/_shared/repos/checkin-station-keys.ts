import { createHmac, randomBytes } from 'node:crypto';
import type { Signer } from '../../../domain/qr/scene';
import type { Db } from '../platform';
import { isNotFound } from './sdk-results';

/**
 * Each red station's own duty-screen key, kept in `secrets` as `station-<id>` (created
 * the first time its duty screen asks for a token; never sent to a client). Verifying a
 * check-in never creates one: a station without a key has issued no token, so every
 * token for it is forged — and a refused check-in writes nothing. Read per call (one
 * document), not cached: a key is per database, and a container may serve several.
 */
const keyId = (stationId: string) => `station-${stationId}`;

const read = async (db: Db, stationId: string): Promise<string | undefined> => {
  try {
    return ((await db.collection('secrets').doc(keyId(stationId)).get()) as unknown as { data: { value: string } }).data.value;
  } catch (error) {
    if (isNotFound(error)) return undefined;
    throw error;
  }
};

const signerOf = (key: string): Signer => (text) => createHmac('sha256', key).update(text).digest('base64url');

export const stationSigner = async (db: Db, stationId: string): Promise<Signer | undefined> => {
  const key = await read(db, stationId);
  return key ? signerOf(key) : undefined;
};

export const ensureStationSigner = async (db: Db, stationId: string): Promise<Signer> => {
  const existing = await read(db, stationId);
  if (existing) return signerOf(existing);
  const value = randomBytes(32).toString('base64url');
  try {
    await db.collection('secrets').add({ data: { _id: keyId(stationId), value } });
    return signerOf(value);
  } catch {
    // Someone else created it first: use theirs.
    const theirs = await read(db, stationId);
    if (!theirs) throw new Error(`station key ${stationId} could not be created`);
    return signerOf(theirs);
  }
};
