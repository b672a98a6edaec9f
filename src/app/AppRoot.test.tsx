import { render, screen } from '@testing-library/react';
import type { AppRootProps } from '@grafana/data';
import { config } from '@grafana/runtime';

import app from '../../plugin.json';
import { AppRoot, DASHBOARDS } from './AppRoot';

// Grafana installs its page shell into PluginPage at start (setPluginPage); stand in for it with a landmark.
jest.mock('@grafana/runtime', () => ({
  ...jest.requireActual('@grafana/runtime'),
  PluginPage: ({ children, subTitle }: { children: React.ReactNode; subTitle?: React.ReactNode }) => (
    <section aria-label="Grafana plugin page">
      <p>{subTitle}</p>
      {children}
    </section>
  ),
}));

const props = {} as AppRootProps;

describe('AppRoot', () => {
  const subUrl = config.appSubUrl;
  afterEach(() => {
    config.appSubUrl = subUrl;
  });

  it('renders inside Grafana’s plugin page, so it gets the title and breadcrumbs', () => {
    render(<AppRoot {...props} />);
    const page = screen.getByRole('region', { name: 'Grafana plugin page' });
    expect(page).toContainElement(screen.getByRole('link', { name: 'War room' }));
  });

  it('links each dashboard under Grafana’s sub-path', () => {
    config.appSubUrl = '/grafana';
    render(<AppRoot {...props} />);
    expect(screen.getByRole('link', { name: 'War room' })).toHaveAttribute('href', '/grafana/d/launchday-war-room');
    expect(screen.getByRole('link', { name: 'Executive' })).toHaveAttribute('href', '/grafana/d/launchday-executive');
  });

  it('lists exactly the dashboards plugin.json includes', () => {
    const included = app.includes.flatMap((i) => (i.type === 'dashboard' && 'uid' in i ? [i.uid] : []));
    expect(DASHBOARDS.map(([uid]) => uid).sort()).toEqual([...included].sort());
  });
});
