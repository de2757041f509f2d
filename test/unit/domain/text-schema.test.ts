import fc from 'fast-check';
import { hasLoneSurrogate, text, textProblem } from '../../../domain/model/text';
import { FILE_ID } from '../../../domain/model/media';
import { text as ordersText, FILE_ID as ORDERS_FILE_ID } from '../../../domain/orders/api';

const schema = text(2, 20);
const parse = (s: string) => schema.safeParse(s);
const messageOf = (s: string) => {
  const r = parse(s);
  return r.success ? null : r.error.issues[0]?.message;
};

describe('the shared text schema', () => {
  it('is what the orders contract (and through it every api) uses', () => {
    expect(ordersText).toBe(text);
    expect(ORDERS_FILE_ID).toBe(FILE_ID);
  });

  it('trims, turns CRLF / CR into LF, keeps tabs, newlines, emoji and CJK', () => {
    expect(parse('  楼道灯坏了\r\n三单元\r四楼\t😀  ')).toEqual({ success: true, data: '楼道灯坏了\n三单元\n四楼\t😀' });
  });

  it('states its limits after trimming', () => {
    expect(messageOf('  好  ')).toBe('至少需要2个字');
    expect(messageOf('字'.repeat(21))).toBe('不能超过20个字');
    expect(parse(`   ${'字'.repeat(20)}   `).success).toBe(true);
    expect(text(0, 5).safeParse('').success).toBe(true);
    expect(text(1, 5).safeParse('   ').success).toBe(false);
  });

  it.each([
    ['NUL', '\u0000'],
    ['BEL', '\u0007'],
    ['vertical tab', '\u000B'],
    ['form feed', '\u000C'],
    ['escape', '\u001B'],
    ['unit separator', '\u001F'],
    ['DEL', '\u007F'],
    ['C1 start', '\u0080'],
    ['NEL', '\u0085'],
    ['C1 end', '\u009F'],
  ])('refuses the control character %s', (_name, ch) => {
    expect(messageOf(`楼道${ch}灯坏了`)).toBe('包含不可见的控制字符');
  });

  it.each([
    ['LRE', '\u202A'],
    ['RLE', '\u202B'],
    ['PDF', '\u202C'],
    ['LRO', '\u202D'],
    ['RLO', '\u202E'],
    ['LRI', '\u2066'],
    ['RLI', '\u2067'],
    ['FSI', '\u2068'],
    ['PDI', '\u2069'],
    ['LRM', '\u200E'],
    ['RLM', '\u200F'],
    ['ALM', '\u061C'],
  ])('refuses the bidi control %s', (_name, ch) => {
    expect(messageOf(`楼道${ch}灯坏了`)).toBe('包含改变文字方向的隐藏字符');
  });

  it.each([
    ['ZWSP', '\u200B'],
    ['ZWNJ', '\u200C'],
    ['ZWJ', '\u200D'],
    ['word joiner', '\u2060'],
    ['BOM inside', '\uFEFF'],
  ])('refuses the zero-width character %s', (_name, ch) => {
    expect(messageOf(`楼道${ch}灯坏了`)).toBe('包含零宽字符');
  });

  it.each([
    ['a lone high surrogate', '\uD83D'],
    ['a lone low surrogate', '\uDE00'],
    ['a reversed pair', '\uDE00\uD83D'],
  ])('refuses %s', (_name, ch) => {
    expect(messageOf(`楼道${ch}灯坏了`)).toBe('包含无法识别的字符');
  });

  it('hasLoneSurrogate: proper pairs are fine, halves are not', () => {
    expect(hasLoneSurrogate('😀👍')).toBe(false);
    expect(hasLoneSurrogate('😀'.slice(0, 1))).toBe(true);
    expect(hasLoneSurrogate('😀'.slice(1))).toBe(true);
    expect(hasLoneSurrogate('a\uD83D')).toBe(true);
  });

  it('property: whatever it accepts is clean, trimmed and within the limits', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 40 }), (s) => {
        const r = parse(s);
        if (!r.success) return;
        expect(textProblem(r.data)).toBeNull();
        expect(r.data).toBe(r.data.trim());
        expect(r.data.length).toBeGreaterThanOrEqual(2);
        expect(r.data.length).toBeLessThanOrEqual(20);
        expect(r.data).not.toMatch(/\r/);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('media references (shape)', () => {
  it.each([
    '/uploads/0123456789abcdef0123456789abcdef.jpg',
    '/uploads/0123456789abcdef.webp',
    'cloud://weicheng-prod-1a2b3c.7765-weicheng-prod-1a2b3c-1300000000/orders/20260302/abc123.jpg',
  ])('accepts %s', (id) => {
    expect(FILE_ID.safeParse(id).success).toBe(true);
  });

  it.each([
    'cloud://../../etc/passwd',
    'cloud://env.bucket/../../etc/passwd',
    'cloud://env.bucket/orders/../secret.jpg',
    'cloud://env.bucket/.hidden',
    'cloud://env.bucket//double',
    'cloud://env/orders/a.jpg',
    '/uploads/../../etc/passwd',
    '/uploads/XYZ.jpg',
    '/uploads/0123456789abcdef.exe',
    'https://evil.example/a.jpg',
    'file:///etc/passwd',
    '',
  ])('refuses %s', (id) => {
    expect(FILE_ID.safeParse(id).success).toBe(false);
  });
});
