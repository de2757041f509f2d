import { countAxis, hasData, type ChartSpec } from '../../../src/components/chart/spec'

describe('chart specs (src/components/chart/spec.ts)', () => {
  const spec = (values: (number | null)[], percent = false): ChartSpec => ({ kind: 'bar', labels: values.map((_, i) => `x${i}`), series: [{ name: 's', values }], percent })

  it('an empty chart: no labels, only nulls, or counts that are all zero; a 0% rate is still data', () => {
    expect(hasData({ kind: 'line', labels: [], series: [] })).toBe(false)
    expect(hasData(spec([null, null]))).toBe(false)
    expect(hasData(spec([0, 0]))).toBe(false)
    expect(hasData(spec([0, 1]))).toBe(true)
    expect(hasData(spec([0, null], true))).toBe(true)
    expect(hasData(spec([null, null], true))).toBe(false)
  })

  it('count axes have whole steps and a round top at or above the largest value', () => {
    expect(countAxis(0)).toEqual({ max: 1, tickInterval: 1 })
    expect(countAxis(3)).toEqual({ max: 3, tickInterval: 1 })
    expect(countAxis(8)).toEqual({ max: 8, tickInterval: 2 })
    expect(countAxis(9)).toEqual({ max: 10, tickInterval: 5 })
    expect(countAxis(37)).toEqual({ max: 40, tickInterval: 10 })
    expect(countAxis(1234)).toEqual({ max: 1500, tickInterval: 500 })
    for (let top = 0; top <= 5000; top += 7) {
      const { max, tickInterval } = countAxis(top)
      expect(Number.isInteger(tickInterval) && tickInterval >= 1).toBe(true)
      expect(max).toBeGreaterThanOrEqual(top)
      expect(max % tickInterval).toBe(0)
      expect(max / tickInterval).toBeLessThanOrEqual(5)
    }
  })
})
