export default definePageConfig({
  navigationBarTitleText: '驿站值守屏',
  navigationBarBackgroundColor: '#a50d24',
})
