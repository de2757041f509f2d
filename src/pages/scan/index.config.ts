export default definePageConfig({
  navigationBarTitleText: '扫码报事',
})
