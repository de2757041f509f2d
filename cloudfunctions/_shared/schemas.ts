import { z } from 'zod';

/** Ids are short opaque strings; the charset keeps operator injection (`$gt`) and odd bytes out. */
export const ORG_ID = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9_-]+$/, '编号格式不正确');
