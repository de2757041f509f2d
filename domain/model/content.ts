/**
 * Content checks for free text residents and staff publish (descriptions, comments, notes):
 * WeChat's security.msgSecCheck in production, a local word list on the host.
 */
export interface ContentCheck {
  /** 'risky' when the text must not be published as it is. */
  check(text: string, openid: string): Promise<'pass' | 'risky'>;
}

export const CONTENT_REFUSED = '内容包含不当用语，请修改后再提交';

/** The host's stand-in for msgSecCheck: a small list of insults and scam bait, matched without spaces. */
export const LOCAL_BLOCKLIST = ['傻逼', '操你', '去死', '王八蛋', '草泥马', '赌博网站', '代开发票', '贷款秒批', '加微信返现', '色情'];

export const localContentCheck: ContentCheck = {
  check: async (text) => {
    const flat = text.replace(/\s+/g, '');
    return LOCAL_BLOCKLIST.some((w) => flat.includes(w)) ? 'risky' : 'pass';
  },
};
