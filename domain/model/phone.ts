/** A mainland mobile number (11 digits starting 13–19): one pattern for the schemas and the forms. */
export const MOBILE_PHONE = /^1[3-9]\d{9}$/;
export const MOBILE_PHONE_MESSAGE = '请输入11位手机号码';
