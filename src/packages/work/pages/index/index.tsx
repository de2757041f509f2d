import Workspace from '../../../../components/workspace'

/** 工作台 for grid workers, street admins and department officers. */
export default function WorkHome() {
  return (
    <Workspace
      name='work'
      title='工作台'
      subtitle='接单办结 · 街道吹哨 · 部门报到'
      roles={['grid_worker', 'street_admin', 'department_officer']}
      noRoleHint='您没有网格员、街道或职能部门岗位，暂不能使用工作台。'
      upcoming={['待办诉求：接单、办结、上传凭证', '吹哨上报与退单', '办理时限倒计时与超时提醒', '回访记录', '办理统计']}
    />
  )
}
