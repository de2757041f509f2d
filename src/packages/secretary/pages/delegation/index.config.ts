export default definePageConfig({
  navigationBarTitleText: '职责委托',
  enablePullDownRefresh: true,
})
