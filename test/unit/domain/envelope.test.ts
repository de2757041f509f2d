import { DEFAULT_MESSAGES, DomainError, ERROR_CODES, fail, ok } from '../../../domain/model/envelope';

describe('result envelope', () => {
  it('ok and fail build the two shapes', () => {
    expect(ok(1)).toEqual({ ok: true, data: 1 });
    expect(fail('FORBIDDEN', '不行')).toEqual({ ok: false, error: { code: 'FORBIDDEN', message: '不行' } });
    expect(fail('INVALID_ARGUMENT', '错', { fields: [] })).toEqual({ ok: false, error: { code: 'INVALID_ARGUMENT', message: '错', details: { fields: [] } } });
  });

  it('every code has a Chinese default message', () => {
    for (const code of ERROR_CODES) expect(DEFAULT_MESSAGES[code]).toMatch(/[\u4e00-\u9fa5]/);
  });

  it('DomainError carries code and details', () => {
    const e = new DomainError('CONFLICT', '已被他人接单', { by: 'x' });
    expect(e).toBeInstanceOf(Error);
    expect([e.code, e.message, e.details]).toEqual(['CONFLICT', '已被他人接单', { by: 'x' }]);
  });
});
