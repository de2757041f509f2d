import type { Rng } from './random';

/** Names and texts of the field (咸阳 渭城区), drawn deterministically. */

const SURNAMES = '王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段雷钱汤尹黎易常武乔贺赖龚文';
const GIVEN = '伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华建国建华志强玉兰海燕淑珍凤英秀珍丽娟晓东红梅文博子涵浩然思琪雨轩佳怡欣怡俊杰宇航宏伟国庆振华德明永康春花秋菊冬梅雪梅';
const GIVEN_CHARS = [...GIVEN];

export const personName = (rng: Rng): string => {
  const surname = SURNAMES[rng.int(0, SURNAMES.length - 1)];
  const length = rng.chance(0.7) ? 2 : 1;
  let given = '';
  for (let i = 0; i < length; i++) given += GIVEN_CHARS[rng.int(0, GIVEN_CHARS.length - 1)];
  return surname + given;
};

/** A mainland mobile number, unique per index (the 139 prefix block is reserved for generated people). */
export const phoneOf = (index: number): string => `139${String(index).padStart(8, '0')}`;

/** 渭城区's streets; the demo's two come first. */
export const STREET_NAMES: { id: string; name: string }[] = [
  { id: 's-wy', name: '渭阳街道' },
  { id: 's-xx', name: '新兴街道' },
  { id: 's-zs', name: '中山街道' },
  { id: 's-rm', name: '人民路街道' },
  { id: 's-wh', name: '文汇路街道' },
  { id: 's-wc', name: '渭城街道' },
  { id: 's-yd', name: '窑店街道' },
  { id: 's-zy', name: '正阳街道' },
  { id: 's-bd', name: '北杜街道' },
  { id: 's-zl', name: '周陵街道' },
  { id: 's-dz', name: '底张街道' },
];

const COMMUNITY_STEMS = [
  '秦都', '渭滨', '长兴', '兴平路', '咸通', '安定', '东风', '胜利', '光明', '团结', '建设', '和平', '幸福', '红旗', '朝阳', '金山', '银河', '滨河', '星火', '北苑',
  '南苑', '东苑', '西苑', '花园', '古渡', '渭柳', '杜邮', '毕塬', '周陵', '窑店', '正阳', '聂家沟', '龙枣', '摆旗寨', '陈家台', '石何杨', '双泉', '底张', '北杜', '成任',
  '秦宫', '安谷', '坡刘', '肖家', '阳光', '锦绣', '康乐', '文林', '书香', '钟楼', '凤凰', '民乐', '永丰', '世纪', '新风', '同心', '启航', '丰收', '兴旺', '天和',
];

export const communityName = (index: number): string => `${COMMUNITY_STEMS[index % COMMUNITY_STEMS.length]}${index >= COMMUNITY_STEMS.length ? String(Math.floor(index / COMMUNITY_STEMS.length) + 1) : ''}社区`;

const ESTATE_STEMS = ['家园', '花园', '小区', '新村', '公寓', '佳苑', '雅居', '华庭', '嘉园', '名苑'];
export const estateName = (rng: Rng): string => `${COMMUNITY_STEMS[rng.int(0, COMMUNITY_STEMS.length - 1)]}${ESTATE_STEMS[rng.int(0, ESTATE_STEMS.length - 1)]}`;

const NUMERALS = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十', '十一', '十二', '十三', '十四', '十五'];
export const gridName = (community: string, k: number): string => `${community}第${NUMERALS[k - 1] ?? String(k)}网格`;

/** What residents write, per category: a few templates filled with a place detail. */
const DESCRIPTIONS: Record<string, string[]> = {
  repair: ['楼道灯不亮了，晚上上下楼看不清，请尽快维修', '单元门门禁坏了，刷卡打不开', '家里下水道堵塞，返水严重', '楼顶漏水，屋里墙皮都泡了', '电梯经常停在半路，老人不敢坐', '水管爆裂，楼道里全是水', '暖气片不热，家里只有十几度', '窗户玻璃被风刮碎了，需要更换'],
  environment: ['小区垃圾桶满了好几天没人清运', '楼下有人乱堆建筑垃圾', '绿化带里杂草太高，蚊虫很多', '路边排水沟堵了，下雨积水', '楼道里堆满杂物，影响通行', '有人在小区里焚烧垃圾，烟很大', '化粪池冒出来了，气味很重'],
  dispute: ['楼上邻居装修噪音太大，晚上十点还在施工', '邻居长期占用楼道停放电动车', '和邻居因为漏水赔偿的事情谈不拢', '楼下商铺油烟太大，协商未果', '车位被人长期占用，沟通无效'],
  elderly: ['家里老人独居，行动不便，希望有人定期上门看看', '老人需要办理高龄补贴，不会操作手机', '想给老人申请助餐服务', '老人腿脚不好，希望帮忙代买药品', '独居老人家里电器坏了，需要帮忙'],
  safety: ['小区消防通道被车辆堵死', '楼道里有人给电动车充电，拉飞线', '路灯杆倾斜，有倒塌风险', '井盖缺失，有人差点掉下去', '燃气管道有异味，担心泄漏', '广告牌松动，刮风时很危险'],
  property: ['物业收费不明白，想查看收支明细', '物业对报修迟迟不处理', '小区监控很多都坏了，物业不修', '物业保洁不到位，楼道很脏', '小区大门道闸坏了很久'],
  policy: ['想咨询孩子入学需要准备哪些材料', '咨询医保异地备案怎么办理', '想了解公租房申请条件', '咨询失业登记和就业补贴政策', '咨询残疾人证办理流程'],
  wish: ['希望有人帮忙辅导孩子数学作业', '想要一个旧书包给孩子上学用', '希望有人陪老人聊聊天', '想学习用智能手机挂号', '希望有人帮忙修一下自行车'],
  emergency: ['家中老人摔倒无法起身，请马上来人', '楼道冒烟了，好像着火了', '有人被困电梯里，请尽快救援', '燃气泄漏味道很浓，请立即处理'],
};

export const description = (rng: Rng, category: string, place: string): string => {
  const base = rng.pick(DESCRIPTIONS[category] ?? DESCRIPTIONS.repair);
  return rng.chance(0.5) ? `${place}${base}` : base;
};

const RESOLUTIONS: Record<string, string[]> = {
  repair: ['已联系维修师傅上门更换，现已恢复正常', '已更换损坏配件，测试正常', '已疏通管道，并提醒居民注意使用'],
  environment: ['已协调环卫清运完毕', '已组织志愿者清理，并张贴提示', '已疏通排水沟，积水已排除'],
  dispute: ['已组织双方调解，达成一致意见', '已上门沟通，对方承诺整改', '已调解完毕，双方签订协议'],
  elderly: ['已安排志愿者定期上门探望', '已帮助老人办理完成', '已对接助餐点，老人可按时用餐'],
  safety: ['已清理通道并告知车主', '已拆除飞线，宣传安全充电', '已设置警示并通知相关单位处理'],
  property: ['已约谈物业，限期整改完成', '已协调物业公开收支明细', '物业已维修完成'],
  policy: ['已电话详细解答，居民表示清楚', '已上门指导办理', '已发送办事指南并预约窗口'],
  wish: ['心愿已完成，物品已送到居民家中', '志愿者已上门帮助完成', '已完成认领的心愿'],
  emergency: ['已到场处置，人员安全', '已协同120/119处置完毕', '已排除险情，并持续关注'],
};

export const resolutionNote = (rng: Rng, category: string): string => rng.pick(RESOLUTIONS[category] ?? RESOLUTIONS.repair);

export const RATING_TAGS = ['响应快', '态度好', '办得好', '很专业', '有耐心'] as const;
export const RATING_COMMENTS_GOOD = ['谢谢网格员，办事很利索', '非常满意，点赞', '处理及时，服务热情', '问题解决了，感谢社区'];
export const RATING_COMMENTS_BAD = ['拖了好几天才来', '问题还没有彻底解决', '来了看一眼就走了'];

export const WORK_UNITS = ['渭城区住建局', '渭城区教育局', '渭城区卫健局', '渭城区民政局', '渭城区财政局', '渭城区人社局', '渭城区城管执法局', '渭城区市场监管局', '渭城区税务局', '渭城区人民法院', '渭城区公安分局', '咸阳市第二人民医院', '渭城区第一中学', '国网渭城供电公司', '渭城区农业农村局'];
export const partyBranchOf = (workUnit: string, k: number): string => `${workUnit.replace(/^渭城区|^咸阳市/, '')}机关第${NUMERALS[k % 3]}党支部`;
export const VOLUNTEER_SKILLS = ['水电维修', '政策宣讲', '课业辅导', '医疗保健', '法律咨询', '心理疏导', '文艺演出', '理发', '家电维修', '手机教学'];
