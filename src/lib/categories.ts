/** Everyday examples under each category tile, so people can find theirs at a glance (display only). */
export const CATEGORY_HINTS: Record<string, string> = {
  repair: '水电、门窗、楼道灯',
  environment: '垃圾、卫生、绿化',
  dispute: '邻里矛盾、噪音',
  elderly: '独居老人、助餐助浴',
  safety: '消防通道、电动车',
  property: '电梯、停车、物业费',
  policy: '社保、救助、证明',
  wish: '需要帮一把的小心愿',
  emergency: '火灾、急病、燃气泄漏',
}

export function categoryHint(id: string): string {
  return CATEGORY_HINTS[id] ?? ''
}
