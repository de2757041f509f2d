/** The dashboard page's own address (drilling down opens it again with `?orgId=`). */
export const URL_BASE = '/packages/dashboard/pages/index/index'
