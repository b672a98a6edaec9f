// The capacity review's "Review this event" link, interpolated the way Grafana's dashboards (Scenes) do it:
// `${__data.fields<path>}` is read with a lodash property path on `{ fields: getFieldDisplayValuesProxy(...) }`
// (scenes: variables/macros/dataMacros.ts), whose values are @grafana/data display values. The window must
// reach the URL as the instant, whatever the viewer's time zone.
import {
  applyFieldOverrides,
  createDataFrame,
  createTheme,
  FieldType,
  getFieldDisplayValuesProxy,
  type DataFrame,
} from '@grafana/data';
import property from 'lodash/property';

import review from './capacity-review.json';

const FROM = Date.UTC(2026, 10, 22, 18, 0);
const TO = Date.UTC(2026, 10, 22, 22, 0);

interface Link {
  title: string;
  url: string;
}

function reviewLink(): Link {
  const table = review.panels.find((p) => p.id === 1) as { fieldConfig: { defaults: { links: Link[] } } };
  const link = table.fieldConfig.defaults.links.find((l) => l.title === 'Review this event');
  if (!link) throw new Error('capacity-review.json lost its "Review this event" link');
  return link;
}

/** The events table row as the panel has it: the window fields in the unit the dashboard gives them. */
function eventRow(timeZone: string): DataFrame {
  const unitOf = (name: string) => {
    const table = review.panels.find((p) => p.id === 1) as {
      fieldConfig: { overrides: Array<{ matcher: { options: string }; properties: Array<{ id: string; value: string }> }> };
    };
    const override = table.fieldConfig.overrides.find((o) => o.matcher.options === name);
    return override?.properties.find((p) => p.id === 'unit')?.value;
  };
  const frame = createDataFrame({
    fields: [
      { name: 'event', type: FieldType.string, values: ['premiere-dragon'] },
      { name: 'window from', type: FieldType.number, values: [FROM], config: { unit: unitOf('window from') } },
      { name: 'window to', type: FieldType.number, values: [TO], config: { unit: unitOf('window to') } },
    ],
  });
  const [applied] = applyFieldOverrides({
    data: [frame],
    fieldConfig: { defaults: {}, overrides: [] },
    replaceVariables: (v: string) => v,
    theme: createTheme(),
    timeZone,
  });
  return applied!;
}

function interpolate(url: string, frame: DataFrame): string {
  const data = { fields: getFieldDisplayValuesProxy({ frame, rowIndex: 0 }) };
  return url.replace(/\$\{__data\.([^:}]+)\}/g, (_, path: string) => String(property(path)(data) ?? ''));
}

describe('the capacity review link to an event', () => {
  for (const timeZone of ['utc', 'Europe/Berlin', 'America/Los_Angeles']) {
    it(`keeps the event window's instants in from/to for a viewer in ${timeZone}`, () => {
      const url = new URL(interpolate(reviewLink().url, eventRow(timeZone)), 'http://grafana');
      expect(url.searchParams.get('var-event')).toBe('premiere-dragon');
      expect(url.searchParams.get('from')).toBe(String(FROM));
      expect(url.searchParams.get('to')).toBe(String(TO));
    });
  }
});
