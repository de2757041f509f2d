import { createHmac } from 'node:crypto';
import type { Signer } from '../../domain/qr/scene';
import { hostHooks } from './host-hooks';

/**
 * The QR signing key: REDGRID_QR_SECRET in the function's environment on CloudBase, or the
 * local host's key (kept in its data dir). It never leaves the functions, and a read never
 * writes it: a missing key is a deployment error, answered as INTERNAL.
 */
const secret = (): string => {
  const key = process.env.REDGRID_QR_SECRET ?? hostHooks()?.qrSecret();
  if (!key || key.length < 16) throw new Error('REDGRID_QR_SECRET is not configured (≥16 chars)');
  return key;
};

export const sceneSigner = async (): Promise<Signer> => {
  const key = secret();
  return (text) => createHmac('sha256', key).update(text).digest('base64url');
};
