import { render, screen } from '@testing-library/react';
import { createDataFrame, dateTime, EventBusSrv, FieldType, LoadingState, type PanelProps } from '@grafana/data';

import { ExecutivePanel } from './ExecutivePanel';
import { executiveTestIds } from './testIds';
import { DEFAULT_EXECUTIVE_OPTIONS, type ExecutiveOptions } from './types';

const NOW = Date.UTC(2026, 10, 22, 21, 0, 0);

function props(titles: Record<string, number>): PanelProps<ExecutiveOptions> {
  const series = Object.entries(titles).map(([title, v]) =>
    createDataFrame({
      fields: [
        { name: 'Time', type: FieldType.time, values: [NOW] },
        {
          name: 'Value',
          type: FieldType.number,
          values: [v],
          labels: { __name__: 'launchday_concurrent_viewers', title },
        },
      ],
    })
  );
  const range = { from: dateTime(NOW - 3600_000), to: dateTime(NOW), raw: { from: 'now-1h', to: 'now' } };
  return {
    id: 2,
    data: { state: LoadingState.Done, series, timeRange: range },
    timeRange: range,
    timeZone: 'utc',
    options: DEFAULT_EXECUTIVE_OPTIONS,
    transparent: false,
    width: 1200,
    height: 700,
    fieldConfig: { defaults: {}, overrides: [] },
    renderCounter: 0,
    title: 'Executive',
    eventBus: new EventBusSrv(),
    onOptionsChange: jest.fn(),
    onFieldConfigChange: jest.fn(),
    replaceVariables: (v) => v,
    onChangeTimeRange: jest.fn(),
  };
}

describe('ExecutivePanel', () => {
  it('says the audience in words and big numbers', () => {
    render(<ExecutivePanel {...props({ 'Game of Thrones': 450_000, 'OCS Go catalogue': 60_000 })} />);
    expect(screen.getByTestId(executiveTestIds.watching)).toHaveTextContent('Watching now510,000people, at 21:00');
    const top = screen.getAllByTestId(executiveTestIds.topTitle).map((el) => el.textContent);
    expect(top).toEqual(['Game of Thrones450,000', 'OCS Go catalogue60,000']);
    expect(screen.getByText('The two most watched titles now')).toBeInTheDocument();
    expect(screen.getByTestId(executiveTestIds.record)).toHaveTextContent('set today, a new record');
  });

  it('says what it reads when there is nothing yet', () => {
    render(<ExecutivePanel {...props({})} />);
    expect(screen.getByTestId(executiveTestIds.state)).toHaveTextContent('launchday_concurrent_viewers');
  });
});
