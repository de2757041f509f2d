export default defineAppConfig({
  pages: ['pages/index/index', 'pages/scan/index', 'pages/orders/index', 'pages/inbox/index', 'pages/me/index', 'pages/order/index'],
  subPackages: [
    {
      root: 'packages/volunteer',
      pages: [
        'pages/index/index',
        'pages/register/index',
        'pages/checkin/index',
        'pages/station/index',
        'pages/shifts/index',
        'pages/points/index',
        'pages/wishes/index',
      ],
    },
    { root: 'packages/work', pages: ['pages/index/index', 'pages/visits/index'] },
    {
      root: 'packages/secretary',
      pages: [
        'pages/index/index',
        'pages/qrcode/index',
        'pages/approvals/index',
        'pages/volunteers/index',
        'pages/volunteers/report/index',
        'pages/duty/index',
        'pages/review/index',
        'pages/evidence/index',
        'pages/exports/index',
        'pages/delegation/index',
      ],
    },
    // 数据看板 (secretary / street / district): its own subpackage, it carries the chart library (AntV F2).
    { root: 'packages/dashboard', pages: ['pages/index/index'] },
  ],
  window: {
    backgroundTextStyle: 'light',
    navigationBarBackgroundColor: '#c8102e',
    navigationBarTitleText: '红色网格',
    navigationBarTextStyle: 'white',
    backgroundColor: '#f6f6f6',
  },
  tabBar: {
    color: '#555555',
    selectedColor: '#c8102e',
    backgroundColor: '#ffffff',
    borderStyle: 'black',
    list: [
      { pagePath: 'pages/index/index', text: '首页' },
      { pagePath: 'pages/orders/index', text: '我的诉求' },
      { pagePath: 'pages/inbox/index', text: '消息' },
      { pagePath: 'pages/me/index', text: '我的' },
    ],
  },
  lazyCodeLoading: 'requiredComponents',
  // 扫码签到 checks the phone is inside the red station's fence (GCJ-02, wx.getLocation).
  requiredPrivateInfos: ['getLocation'],
  permission: {
    'scope.userLocation': { desc: '签到时确认您在红色驿站附近' },
  },
})
