import Workspace from '../../../../components/workspace'

/** 书记工作台 for community secretaries and district admins. */
export default function SecretaryHome() {
  return (
    <Workspace
      name='secretary'
      title='书记工作台'
      subtitle='派单审批 · 双报到审核 · 社区看板'
      roles={['secretary', 'district_admin']}
      noRoleHint='您没有社区书记或区委管理员岗位，暂不能使用书记工作台。'
      upcoming={['派单与审批', '双报到审核', '积分兑换审批', '社区看板：接单率、按时办结率、满意率', '半年一评议']}
    />
  )
}
