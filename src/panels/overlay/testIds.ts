/** data-testid strings shared by the Jest tests, the browser harness tests and the e2e specs. */
export const testIds = {
  panel: 'launchday-overlay',
  mainPlot: 'launchday-overlay-main',
  loginStrip: 'launchday-overlay-login-strip',
  segmentStrip: 'launchday-overlay-segment-strip',
  eventLabel: 'launchday-overlay-event-label',
  saturation: 'launchday-overlay-saturation',
  tooltip: 'launchday-overlay-tooltip',
  state: 'launchday-overlay-state',
  bandProbe: 'launchday-overlay-band-probe',
  capacityProbe: 'launchday-overlay-capacity-probe',
  nowMarker: 'launchday-overlay-now',
  sloProbe: 'launchday-overlay-slo-probe',
  stripValue: 'launchday-overlay-strip-value',
  capacityAbove: 'launchday-overlay-capacity-above',
  replayTag: 'launchday-overlay-replay',
  /** Named in issue 12 for tests in and outside the project: keep it exactly. */
  eventTile: 'event-tile',
  eventTiles: 'launchday-overlay-tiles',
  legendItem: 'launchday-overlay-legend-item',
} as const;
