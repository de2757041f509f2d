/** Pages of the volunteer subpackage. */
const ROOT = '/packages/volunteer/pages'

export const VOLUNTEER_URLS = {
  home: `${ROOT}/index/index`,
  register: `${ROOT}/register/index`,
  checkin: `${ROOT}/checkin/index`,
  shifts: `${ROOT}/shifts/index`,
  points: `${ROOT}/points/index`,
  wishes: `${ROOT}/wishes/index`,
  station: `${ROOT}/station/index`,
} as const

export const stationScreenUrl = (stationId: string): string => `${VOLUNTEER_URLS.station}?stationId=${encodeURIComponent(stationId)}`
