export default definePageConfig({
  navigationBarTitleText: '我的排班',
  enablePullDownRefresh: true,
})
