export default definePageConfig({
  navigationBarTitleText: '楼栋二维码',
})
