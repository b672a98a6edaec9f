import type { PanelOptionsEditorBuilder } from '@grafana/data';

import { DEFAULT_OPTIONS, type OverlayOptions, type RoleQueries } from './types';

const ROLE_LABELS: Array<[keyof RoleQueries, string, string]> = [
  ['viewers', 'Viewers query', 'launchday_concurrent_viewers, by title'],
  ['capacity', 'Capacity query', 'launchday_capacity_viewers'],
  ['events', 'Calendar query', 'launchday_event_* series'],
  ['loginAttempts', 'Login attempts query', 'launchday_login_attempts_total'],
  ['loginFailures', 'Login failures query', 'launchday_login_failures_total'],
  ['loginSuccessRatio', 'Login success ratio query', 'instead of attempts and failures'],
  ['segmentRequests', 'Segment requests query', 'launchday_segment_requests_total'],
  ['segmentFailures', 'Segment failures query', 'launchday_segment_failures_total'],
  ['segmentErrorRatio', 'Segment error ratio query', 'instead of requests and failures'],
];

/** The options pane: roles, layout, forecast, thresholds. Defaults are the zero-configuration setup. */
export function addOverlayOptions(builder: PanelOptionsEditorBuilder<OverlayOptions>) {
  const d = DEFAULT_OPTIONS;
  for (const [role, name, metric] of ROLE_LABELS) {
    builder.addTextInput({
      path: `queries.${role}`,
      name,
      description: `refId of the query; empty finds ${metric} by metric name.`,
      defaultValue: d.queries[role],
      category: ['Queries'],
    });
  }
  builder
    .addRadio({
      path: 'calendarSource',
      name: 'Calendar',
      description: 'Events from the launchday_event_* series, from annotations (any source, regions too), or both.',
      defaultValue: d.calendarSource,
      settings: {
        options: [
          { value: 'series', label: 'Series' },
          { value: 'annotations', label: 'Annotations' },
          { value: 'both', label: 'Both' },
        ],
      },
      category: ['Queries'],
    })
    .addNumberInput({
      path: 'topN',
      name: 'Top titles',
      description: 'The rest fold into "other".',
      defaultValue: d.topN,
      settings: { min: 1, max: 50, integer: true },
      category: ['Viewers'],
    })
    .addNumberInput({
      path: 'capacityConstant',
      name: 'Capacity (constant)',
      description: 'Used when no capacity query answers; 0 for none.',
      defaultValue: d.capacityConstant,
      settings: { min: 0 },
      category: ['Viewers'],
    })
    .addBooleanSwitch({
      path: 'showForecast',
      name: 'Show forecast',
      defaultValue: d.showForecast,
      category: ['Forecast'],
    })
    .addSelect({
      path: 'forecastMethod',
      name: 'Method',
      defaultValue: d.forecastMethod,
      settings: {
        options: [
          {
            value: 'launchday',
            label: 'Launch template',
            description: "The event kind's launch curve, rescaled to live data",
          },
          { value: 'holt', label: 'Holt', description: 'As Prometheus holt_winters' },
          { value: 'predict_linear', label: 'Linear', description: 'As Prometheus predict_linear' },
          { value: 'seasonal_naive', label: 'Seasonal naive', description: 'Same time yesterday' },
        ],
      },
      category: ['Forecast'],
      showIf: (o) => o.showForecast,
    })
    .addNumberInput({
      path: 'forecastHorizonMinutes',
      name: 'Horizon (minutes)',
      description: 'Stretched to the end of each upcoming event in view.',
      defaultValue: d.forecastHorizonMinutes,
      settings: { min: 5, max: 10080, integer: true },
      category: ['Forecast'],
      showIf: (o) => o.showForecast,
    })
    .addSliderInput({
      path: 'bandLow',
      name: 'Band lower quantile',
      defaultValue: d.bandLow,
      settings: { min: 0.01, max: 0.49, step: 0.01 },
      category: ['Forecast'],
      showIf: (o) => o.showForecast,
    })
    .addSliderInput({
      path: 'bandHigh',
      name: 'Band upper quantile',
      defaultValue: d.bandHigh,
      settings: { min: 0.51, max: 0.99, step: 0.01 },
      category: ['Forecast'],
      showIf: (o) => o.showForecast,
    })
    .addBooleanSwitch({
      path: 'showBadges',
      name: 'Headroom badges',
      defaultValue: d.showBadges,
      category: ['Headroom'],
    })
    .addNumberInput({
      path: 'headroomAmber',
      name: 'Amber below',
      description: 'Headroom ratio (1 - P90 peak / capacity).',
      defaultValue: d.headroomAmber,
      settings: { min: -1, max: 1, step: 0.01 },
      category: ['Headroom'],
    })
    .addNumberInput({
      path: 'headroomRed',
      name: 'Red below',
      defaultValue: d.headroomRed,
      settings: { min: -1, max: 1, step: 0.01 },
      category: ['Headroom'],
    })
    .addBooleanSwitch({
      path: 'showLoginStrip',
      name: 'Login success strip',
      defaultValue: d.showLoginStrip,
      category: ['Strips'],
    })
    .addNumberInput({
      path: 'loginSuccessSlo',
      name: 'Login success SLO',
      defaultValue: d.loginSuccessSlo,
      settings: { min: 0, max: 1, step: 0.001 },
      category: ['Strips'],
      showIf: (o) => o.showLoginStrip,
    })
    .addBooleanSwitch({
      path: 'showSegmentStrip',
      name: 'Segment error strip',
      defaultValue: d.showSegmentStrip,
      category: ['Strips'],
    })
    .addNumberInput({
      path: 'segmentErrorSlo',
      name: 'Segment error SLO',
      defaultValue: d.segmentErrorSlo,
      settings: { min: 0, max: 1, step: 0.001 },
      category: ['Strips'],
      showIf: (o) => o.showSegmentStrip,
    });
  return builder;
}
