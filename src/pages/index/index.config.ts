export default definePageConfig({
  navigationBarTitleText: '红色网格',
})
