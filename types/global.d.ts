/// <reference types="@tarojs/taro" />

declare module '*.png'
declare module '*.gif'
declare module '*.jpg'
declare module '*.jpeg'
declare module '*.svg'
declare module '*.css'
declare module '*.scss'

declare namespace NodeJS {
  interface ProcessEnv {
    /** 当前构建的平台（Taro 在编译时替换；server/test 代码里为 undefined） */
    TARO_ENV?: 'weapp' | 'swan' | 'alipay' | 'h5' | 'rn' | 'tt' | 'qq' | 'jd' | 'harmony' | 'jdrn'
    TARO_APP_ID?: string
  }
}

// Build-time constants injected by config/index.ts `defineConstants`.
/** WeChat cloud env id ('' = current env). */
declare const CLOUD_ENV: string
/** Subscribe-message template ids per audience; empty lists = never ask. */
declare const SUBSCRIBE_TEMPLATES: { resident: string[]; handler: string[] }
