export default definePageConfig({
  navigationBarTitleText: '双报到月度报表',
})
