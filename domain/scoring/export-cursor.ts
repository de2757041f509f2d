import { DomainError } from '../model/envelope';

/**
 * The export's page cursor: where the last page ended in (time, _id) order. It carries
 * integers only — a time is written as its whole milliseconds and the fraction in units of
 * 2^-52 ms, both exact — so a document stamped with a fractional time (the generator's or an
 * imported one) pages on like any other, and every row comes exactly once.
 * Text: base64url("e1|<whole ms>|<fraction units>|<id>").
 */

const FRACTION_UNITS = 2 ** 52;
const INVALID = () => new DomainError('INVALID_ARGUMENT', '分页参数无效，请重新导出', { fields: [{ path: 'cursor', message: '无效的分页参数' }] });

/** Splits a non-negative time into exact integers: whole ms and the fraction in 2^-52 ms units. */
export const splitTime = (at: number): [number, number] => {
  const whole = Math.floor(at);
  return [whole, (at - whole) * FRACTION_UNITS];
};

export const joinTime = (whole: number, units: number): number => whole + units / FRACTION_UNITS;

const toBase64Url = (s: string) => btoa(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');

export const encodeExportCursor = (last: { at: number; id: string }): string => {
  if (!Number.isFinite(last.at) || last.at < 0 || last.at > Number.MAX_SAFE_INTEGER) throw new Error(`export cursor: time ${last.at} out of range`);
  const [whole, units] = splitTime(last.at);
  if (!Number.isSafeInteger(units)) throw new Error(`export cursor: time ${last.at} has no exact integer form`);
  return toBase64Url(`e1|${whole}|${units}|${last.id}`);
};

export const decodeExportCursor = (cursor: string | undefined): { at: number; id: string } | undefined => {
  if (!cursor) return undefined;
  let text = '';
  try {
    text = atob(cursor.replace(/-/g, '+').replace(/_/g, '/'));
  } catch {
    throw INVALID();
  }
  // A cursor handed out before this format ("<ms>|<id>", whole ms only) still continues.
  const legacy = /^(\d{1,15})\|([A-Za-z0-9_-]{1,64})$/.exec(text);
  if (legacy) return { at: Number(legacy[1]), id: legacy[2] };
  const m = /^e1\|(\d{1,16})\|(\d{1,16})\|([A-Za-z0-9_-]{1,64})$/.exec(text);
  if (!m) throw INVALID();
  const whole = Number(m[1]);
  const units = Number(m[2]);
  if (!Number.isSafeInteger(whole) || !Number.isSafeInteger(units) || units >= FRACTION_UNITS) throw INVALID();
  return { at: joinTime(whole, units), id: m[3] };
};
