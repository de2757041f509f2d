import Workspace from '../../../../components/workspace'

/** 志愿服务: in-service party members' station check-ins, hours and points. */
export default function VolunteerHome() {
  return (
    <Workspace
      name='volunteer'
      title='志愿服务'
      subtitle='双报到党员 · 红色驿站 · 以服务换积分'
      roles={['volunteer']}
      noRoleHint='您还不是报到党员。完成“双报到”并经社区书记审核后即可参与志愿服务。'
      upcoming={['红色驿站扫码签到、签退', '服务时长与积分明细', '认领微心愿与志愿任务', '积分兑换', '双报到登记与进度']}
    />
  )
}
