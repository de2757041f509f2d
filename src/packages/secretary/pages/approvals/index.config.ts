export default definePageConfig({
  navigationBarTitleText: '诉求审批',
  enablePullDownRefresh: true,
})
