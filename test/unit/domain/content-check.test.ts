import { localContentCheck } from '../../../domain/model/content';

describe('local content check (the host stand-in for msgSecCheck)', () => {
  it('flags listed words even with spaces inserted, passes ordinary complaints', async () => {
    expect(await localContentCheck.check('他是个 王 八 蛋', 'u')).toBe('risky');
    expect(await localContentCheck.check('加微信返现，贷款秒批', 'u')).toBe('risky');
    expect(await localContentCheck.check('楼上每天半夜敲打，影响休息，希望社区调解', 'u')).toBe('pass');
  });
});
