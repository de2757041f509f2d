export default definePageConfig({
  navigationBarTitleText: '驿站值班表',
  enablePullDownRefresh: true,
})
