// The CSV hand-off is shared by every export (this report, the dashboards): src/lib/save-csv.ts.
export { copyCsv, saveCsv, type SaveOutcome } from '../../../../../lib/save-csv'
