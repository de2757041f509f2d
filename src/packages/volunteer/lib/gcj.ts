/**
 * WGS-84 ↔ GCJ-02 (the "Mars" datum every map and fence in mainland China uses).
 * A browser's geolocation is WGS-84 (W3C); the stations' fences — like
 * `wx.getLocation({type: 'gcj02'})` — are GCJ-02, and the two differ by a few hundred
 * metres in Xianyang. Pure arithmetic (the published approximation), no Taro.
 */

const A = 6378245.0
const EE = 0.006693421622965943

export interface LatLng {
  lat: number
  lng: number
}

/** Outside mainland China GCJ-02 is WGS-84. */
export function outOfChina(lat: number, lng: number): boolean {
  return lng < 72.004 || lng > 137.8347 || lat < 0.8293 || lat > 55.8271
}

function transformLat(x: number, y: number): number {
  let r = -100 + 2 * x + 3 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * Math.sqrt(Math.abs(x))
  r += ((20 * Math.sin(6 * x * Math.PI) + 20 * Math.sin(2 * x * Math.PI)) * 2) / 3
  r += ((20 * Math.sin(y * Math.PI) + 40 * Math.sin((y / 3) * Math.PI)) * 2) / 3
  r += ((160 * Math.sin((y / 12) * Math.PI) + 320 * Math.sin((y * Math.PI) / 30)) * 2) / 3
  return r
}

function transformLng(x: number, y: number): number {
  let r = 300 + x + 2 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * Math.sqrt(Math.abs(x))
  r += ((20 * Math.sin(6 * x * Math.PI) + 20 * Math.sin(2 * x * Math.PI)) * 2) / 3
  r += ((20 * Math.sin(x * Math.PI) + 40 * Math.sin((x / 3) * Math.PI)) * 2) / 3
  r += ((150 * Math.sin((x / 12) * Math.PI) + 300 * Math.sin((x / 30) * Math.PI)) * 2) / 3
  return r
}

function delta(lat: number, lng: number): LatLng {
  const dLat = transformLat(lng - 105, lat - 35)
  const dLng = transformLng(lng - 105, lat - 35)
  const radLat = (lat / 180) * Math.PI
  let magic = Math.sin(radLat)
  magic = 1 - EE * magic * magic
  const sqrtMagic = Math.sqrt(magic)
  return {
    lat: (dLat * 180) / (((A * (1 - EE)) / (magic * sqrtMagic)) * Math.PI),
    lng: (dLng * 180) / ((A / sqrtMagic) * Math.cos(radLat) * Math.PI),
  }
}

export function wgs84ToGcj02(p: LatLng): LatLng {
  if (outOfChina(p.lat, p.lng)) return { ...p }
  const d = delta(p.lat, p.lng)
  return { lat: p.lat + d.lat, lng: p.lng + d.lng }
}

/** The inverse, by fixed-point iteration (good to well under a metre). */
export function gcj02ToWgs84(p: LatLng): LatLng {
  if (outOfChina(p.lat, p.lng)) return { ...p }
  let w = { ...p }
  for (let i = 0; i < 8; i++) {
    const g = wgs84ToGcj02(w)
    w = { lat: w.lat + (p.lat - g.lat), lng: w.lng + (p.lng - g.lng) }
  }
  return w
}
