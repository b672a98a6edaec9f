import type { PanelOptionsEditorBuilder } from '@grafana/data';

import { addOverlayOptions } from './options';
import { DEFAULT_OPTIONS, type OverlayOptions } from './types';

interface Item {
  kind: string;
  path: string;
  defaultValue?: unknown;
}

/** Records the builder calls: Grafana's editor registry only exists inside Grafana. */
function recordingBuilder(items: Item[]): PanelOptionsEditorBuilder<OverlayOptions> {
  const builder: Record<string, unknown> = new Proxy(
    {},
    {
      get: (_target, kind: string) => (config: { path: string; defaultValue?: unknown }) => {
        items.push({ kind, path: config.path, defaultValue: config.defaultValue });
        return builder;
      },
    }
  );
  return builder as unknown as PanelOptionsEditorBuilder<OverlayOptions>;
}

describe('overlay options', () => {
  const items: Item[] = [];
  addOverlayOptions(recordingBuilder(items));
  const byPath = new Map(items.map((i) => [i.path, i]));

  it('offers every option the issue asks for', () => {
    for (const path of [
      'topN',
      'capacityConstant',
      'tiles',
      'showForecast',
      'loginSuccessSlo',
      'segmentErrorSlo',
      'showLoginStrip',
      'showSegmentStrip',
      'queries.viewers',
      'queries.events',
      'calendarSource',
      'valueAxis',
      'wallScale',
    ]) {
      expect(byPath.has(path)).toBe(true);
    }
  });

  it('defaults to the zero-configuration setup', () => {
    expect(byPath.get('topN')?.defaultValue).toBe(DEFAULT_OPTIONS.topN);
    expect(byPath.get('queries.viewers')).toMatchObject({ kind: 'addTextInput', defaultValue: '' });
    expect(byPath.get('tiles')).toMatchObject({ kind: 'addNumberInput', defaultValue: 4 });
  });
});
