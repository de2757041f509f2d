/**
 * How big a generated district is. `district` is 渭城区 as the field reports give it
 * (57 communities, 455 grids, 3,389 buildings, 134,768 households, 296,166 residents,
 * 66,992 events a year, 2,300+ reporting party members); the smaller presets keep the
 * same per-community density, so a test on a few communities sees realistic lists.
 */
export interface Scale {
  name: string;
  streets: number;
  communities: number;
  grids: number;
  buildings: number;
  households: number;
  residents: number;
  /** Residents who use the mini-program (filers, raters): about one household in seven. */
  appUsers: number;
  partyMembers: number;
  /** Orders over the simulated period. */
  orders: number;
  /** Length of the simulated history, ending at `now`. */
  days: number;
}

const WEICHENG = {
  streets: 11,
  communities: 57,
  grids: 455,
  buildings: 3389,
  households: 134_768,
  residents: 296_166,
  partyMembers: 2300,
  ordersPerYear: 66_992,
};

/** Per-community density of 渭城区 applied to `communities` communities over `days` days. */
export const scaleOf = (name: string, communities: number, days: number, streets?: number): Scale => {
  const f = communities / WEICHENG.communities;
  const households = Math.round(WEICHENG.households * f);
  return {
    name,
    streets: streets ?? Math.max(2, Math.round(WEICHENG.streets * f)),
    communities,
    grids: Math.max(communities * 3, Math.round(WEICHENG.grids * f)),
    buildings: Math.round(WEICHENG.buildings * f),
    households,
    residents: Math.round(WEICHENG.residents * f),
    appUsers: Math.round(households / 7),
    partyMembers: Math.round(WEICHENG.partyMembers * f),
    orders: Math.round(WEICHENG.ordersPerYear * f * (days / 365)),
    days,
  };
};

export const SCALES: Record<string, Scale> = {
  /** The whole district, a year of history. */
  district: { ...scaleOf('district', 57, 365, 11), grids: 455, buildings: 3389, households: 134_768, residents: 296_166, partyMembers: 2300, orders: 66_992 },
  /** Two streets (the demo's 渭阳 and 新兴) with ten communities, a year. */
  street: scaleOf('street', 10, 365, 2),
  /** The four demo communities, a quarter. */
  small: scaleOf('small', 4, 90, 2),
  /** The four demo communities, ten days (fast enough to replay through the real functions). */
  tiny: { ...scaleOf('tiny', 4, 10, 2), partyMembers: 24 },
  /** Two days of the four demo communities: every kind of step once or more, for the deploy dry run's index coverage. */
  flows: { ...scaleOf('flows', 4, 2, 2), partyMembers: 8 },
};

export const SCALE_NAMES = Object.keys(SCALES);
