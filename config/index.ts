import path from 'node:path'
import { defineConfig, type UserConfigExport } from '@tarojs/cli'
import TsconfigPathsPlugin from 'tsconfig-paths-webpack-plugin'
import devConfig from './dev'
import prodConfig from './prod'

const isH5 = process.env.TARO_ENV === 'h5'
const domainDir = path.resolve(__dirname, '..', 'domain')
const tsconfigFile = path.resolve(__dirname, '..', 'tsconfig.json')

/**
 * WeChat cloud env id baked into the weapp build. Empty = use the env the
 * mini-program is bound to (Taro.cloud.DYNAMIC_CURRENT_ENV at runtime).
 */
const cloudEnv = process.env.REDGRID_CLOUD_ENV ?? ''

/**
 * Subscribe-message template ids (微信公众平台 → 订阅消息), comma-separated, per audience:
 * REDGRID_TMPL_RESIDENT (办理进度/办结/询问) and REDGRID_TMPL_HANDLER (新工单/被改派).
 * Empty = the app never asks for consent (h5 never does).
 */
const templateIds = (v: string | undefined): string[] =>
  (v ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .slice(0, 3)
const subscribeTemplates = {
  resident: templateIds(process.env.REDGRID_TMPL_RESIDENT),
  handler: templateIds(process.env.REDGRID_TMPL_HANDLER),
}

// https://docs.taro.zone/docs/config#defineconfig-辅助函数
export default defineConfig<'webpack5'>(async (merge) => {
  const baseConfig: UserConfigExport<'webpack5'> = {
    projectName: 'redgrid',
    date: '2025-11-29',
    designWidth: 750,
    deviceRatio: {
      640: 2.34 / 2,
      750: 1,
      375: 2,
      828: 1.81 / 2,
    },
    sourceRoot: 'src',
    outputRoot: isH5 ? 'dist-h5' : 'dist',
    plugins: [],
    defineConstants: {
      CLOUD_ENV: JSON.stringify(cloudEnv),
      SUBSCRIBE_TEMPLATES: JSON.stringify(subscribeTemplates),
    },
    alias: {
      '@domain': domainDir,
      '@': path.resolve(__dirname, '..', 'src'),
    },
    copy: {
      patterns: [],
      options: {},
    },
    framework: 'react',
    compiler: 'webpack5',
    cache: {
      enable: false,
    },
    mini: {
      compile: {
        include: [domainDir],
      },
      // Component styles are independent (BEM classes), so chunk CSS order does not matter.
      miniCssExtractPluginOption: {
        ignoreOrder: true,
      },
      postcss: {
        pxtransform: {
          enable: true,
          config: {},
        },
        cssModules: {
          enable: false,
          config: {
            namingPattern: 'module',
            generateScopedName: '[name]__[local]___[hash:base64:5]',
          },
        },
      },
      webpackChain(chain) {
        chain.resolve.plugin('tsconfig-paths').use(TsconfigPathsPlugin, [{ configFile: tsconfigFile }])
      },
    },
    h5: {
      publicPath: '/',
      staticDirectory: 'static',
      router: {
        mode: 'hash',
      },
      compile: {
        include: [domainDir],
      },
      output: {
        filename: 'js/[name].[hash:8].js',
        chunkFilename: 'js/[name].[chunkhash:8].js',
      },
      miniCssExtractPluginOption: {
        ignoreOrder: true,
        filename: 'css/[name].[hash].css',
        chunkFilename: 'css/[name].[chunkhash].css',
      },
      postcss: {
        autoprefixer: {
          enable: true,
          config: {},
        },
        cssModules: {
          enable: false,
          config: {
            namingPattern: 'module',
            generateScopedName: '[name]__[local]___[hash:base64:5]',
          },
        },
      },
      webpackChain(chain) {
        chain.resolve.plugin('tsconfig-paths').use(TsconfigPathsPlugin, [{ configFile: tsconfigFile }])
        // The H5 build is the dev/demo face of the app (React DOM + Taro components ≈ 320 KB);
        // warn only if it grows well past that.
        chain.performance.maxEntrypointSize(450 * 1024).maxAssetSize(350 * 1024)
      },
    },
  }

  if (process.env.NODE_ENV === 'development') {
    // 本地开发构建配置（不混淆压缩）
    return merge({}, baseConfig, devConfig)
  }
  // 生产构建配置（默认开启压缩混淆等）
  return merge({}, baseConfig, prodConfig)
})
