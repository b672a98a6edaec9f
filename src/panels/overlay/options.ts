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

/** The options pane: roles, layout, status tiles, strips. Defaults are the zero-configuration setup. */
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
    .addRadio({
      path: 'valueAxis',
      name: 'Value axis',
      description: 'Viewers, or each value as a share of the capacity in force then (100 % is capacity).',
      defaultValue: d.valueAxis,
      settings: {
        options: [
          { value: 'viewers', label: 'Viewers' },
          { value: 'share', label: 'Share of capacity' },
        ],
      },
      category: ['Viewers'],
    })
    .addBooleanSwitch({
      path: 'wallScale',
      name: 'Scale for wall screens',
      description: 'Text and lines grow with the panel size, so a 4K wall reads across the room.',
      defaultValue: d.wallScale,
      category: ['Viewers'],
    })
    .addBooleanSwitch({
      path: 'showForecast',
      name: 'Show forecast',
      description: "The exporter's published path (P10-P90 and P50) of the next event.",
      defaultValue: d.showForecast,
      category: ['Forecast'],
    })
    .addNumberInput({
      path: 'tiles',
      name: 'Status tiles',
      description: 'One per live or next event, biggest forecast audience first; 0 for none.',
      defaultValue: d.tiles,
      settings: { min: 0, max: 8, integer: true },
      category: ['Status'],
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
      description: 'Used when the exporter publishes no launchday_slo_objective_ratio.',
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
      description: 'Used when the exporter publishes no launchday_slo_objective_ratio.',
      defaultValue: d.segmentErrorSlo,
      settings: { min: 0, max: 1, step: 0.001 },
      category: ['Strips'],
      showIf: (o) => o.showSegmentStrip,
    });
  return builder;
}
