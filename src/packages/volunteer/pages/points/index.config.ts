export default definePageConfig({
  navigationBarTitleText: '积分与兑换',
  enablePullDownRefresh: true,
})
