/** data-testid strings of the executive panel, shared by its Jest and Chromium tests. */
export const executiveTestIds = {
  panel: 'launchday-executive',
  watching: 'launchday-executive-watching',
  topTitle: 'launchday-executive-top-title',
  todayPeak: 'launchday-executive-today-peak',
  record: 'launchday-executive-record',
  state: 'launchday-executive-state',
} as const;
