import { AppPlugin } from '@grafana/data';

import { AppRoot } from './app/AppRoot';

/** The app: its page lists the provisioned dashboards; the overlay panel is a nested plugin. */
export const plugin = new AppPlugin<Record<string, never>>().setRootPage(AppRoot);
