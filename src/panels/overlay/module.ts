import { PanelPlugin } from '@grafana/data';

import { addOverlayOptions } from './options';
import { OverlayPanel } from './OverlayPanel';
import type { OverlayOptions } from './types';

export const plugin = new PanelPlugin<OverlayOptions>(OverlayPanel)
  .setPanelOptions((builder) => addOverlayOptions(builder))
  // Annotations reach the panel only when asked for: any annotation source can be the calendar.
  .setDataSupport({ annotations: true, alertStates: false });
