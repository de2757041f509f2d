import { z } from 'zod';

/**
 * The one schema for free text people type (descriptions, notes, reasons, names, comments).
 * It trims, turns CR / CRLF into LF, and refuses what a reader cannot see but a screen obeys:
 * - control characters: C0 except tab and newline, DEL, C1 (U+0080–U+009F);
 * - bidi overrides, embeddings and isolates (U+202A–U+202E, U+2066–U+2069) and the invisible
 *   direction marks (U+200E, U+200F, U+061C), which can reverse how a text reads;
 * - zero-width characters (U+200B–U+200D, U+2060, U+FEFF), which make equal-looking texts differ;
 * - lone surrogates (text that is not valid UTF-16, which storage and exports mangle).
 * Every field states its own limits (`text(min, max)`); lengths count UTF-16 code units.
 *
 * No lookbehind in these patterns: the schema also runs in the mini-program, whose older iOS
 * engines refuse it.
 */

export const CONTROL_CHARS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;
export const BIDI_CONTROLS = /[\u202A-\u202E\u2066-\u2069\u200E\u200F\u061C]/;
export const ZERO_WIDTH_CHARS = /[\u200B-\u200D\u2060\uFEFF]/;

/** True when the string holds a high surrogate without its low half, or a low one without its high half. */
export const hasLoneSurrogate = (s: string): boolean => {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const next = i + 1 < s.length ? s.charCodeAt(i + 1) : 0;
      if (next >= 0xdc00 && next <= 0xdfff) {
        i++;
        continue;
      }
      return true;
    }
    if (c >= 0xdc00 && c <= 0xdfff) return true;
  }
  return false;
};

export type TextProblem = 'control' | 'bidi' | 'zero_width' | 'surrogate';

export const TEXT_MESSAGES: Readonly<Record<TextProblem, string>> = {
  control: '包含不可见的控制字符',
  bidi: '包含改变文字方向的隐藏字符',
  zero_width: '包含零宽字符',
  surrogate: '包含无法识别的字符',
};

/** What is wrong with a text, or null when it is clean (after normalising line breaks). */
export const textProblem = (s: string): TextProblem | null => {
  if (CONTROL_CHARS.test(s)) return 'control';
  if (BIDI_CONTROLS.test(s)) return 'bidi';
  if (ZERO_WIDTH_CHARS.test(s)) return 'zero_width';
  if (hasLoneSurrogate(s)) return 'surrogate';
  return null;
};

/** Trims and turns CRLF / CR into LF; the form every field stores. */
export const normalizeText = (s: string): string => s.replace(/\r\n?/g, '\n').trim();

/** Free text from people: trimmed, bounded (`min`…`max` characters), nothing hidden. */
export const text = (min: number, max: number) =>
  z
    .string()
    // Refuse absurd inputs before any work on them (the limit after trimming is `max`).
    .max(max * 4 + 64, `不能超过${max}个字`)
    .transform(normalizeText)
    .pipe(
      z
        .string()
        .min(min, min > 1 ? `至少需要${min}个字` : '不能为空')
        .max(max, `不能超过${max}个字`)
        .superRefine((s, ctx) => {
          const problem = textProblem(s);
          if (problem) ctx.addIssue({ code: 'custom', message: TEXT_MESSAGES[problem], params: { problem } });
        }),
    );
