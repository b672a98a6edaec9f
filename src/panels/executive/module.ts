import { PanelPlugin } from '@grafana/data';

import { ExecutivePanel } from './ExecutivePanel';
import { DEFAULT_EXECUTIVE_OPTIONS, type ExecutiveOptions } from './types';

export const plugin = new PanelPlugin<ExecutiveOptions>(ExecutivePanel).setPanelOptions((builder) =>
  builder
    .addNumberInput({
      path: 'topTitles',
      name: 'Top titles',
      description: 'How many titles the list names, by audience now.',
      defaultValue: DEFAULT_EXECUTIVE_OPTIONS.topTitles,
      settings: { min: 1, max: 10, integer: true },
    })
    .addBooleanSwitch({
      path: 'wallScale',
      name: 'Scale for wall screens',
      description: 'Text grows with the panel size.',
      defaultValue: DEFAULT_EXECUTIVE_OPTIONS.wallScale,
    })
);
