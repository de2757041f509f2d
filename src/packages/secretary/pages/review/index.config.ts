export default definePageConfig({
  navigationBarTitleText: '半年一评议',
})
