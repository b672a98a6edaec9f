import { DEFAULT_QUERIES } from '../types';
import { promFrame } from '../testing/frames';
import { roleOf } from './roles';

describe('roleOf', () => {
  it('finds each role from our metric names in the executed query', () => {
    const cases: Array<[string, string]> = [
      ['sum by (title) (launchday_concurrent_viewers)', 'viewers'],
      ['sum(rate(launchday_login_attempts_total[5m]))', 'loginAttempts'],
      ['sum(rate(launchday_login_failures_total[5m]))', 'loginFailures'],
      [
        '1 - sum(rate(launchday_login_failures_total[5m])) / sum(rate(launchday_login_attempts_total[5m]))',
        'loginSuccessRatio',
      ],
      [
        'sum(rate(launchday_segment_failures_total[5m])) / sum(rate(launchday_segment_requests_total[5m]))',
        'segmentErrorRatio',
      ],
      ['launchday_capacity_viewers', 'capacity'],
      ['launchday_event_start_timestamp_seconds', 'events'],
    ];
    for (const [expr, role] of cases) {
      expect(roleOf(promFrame('X', expr, {}, []), DEFAULT_QUERIES)).toBe(role);
    }
  });

  it('lets an explicit refId mapping win over the metric name', () => {
    const frame = promFrame('B', 'sum by (title) (launchday_concurrent_viewers)', {}, []);
    expect(roleOf(frame, { ...DEFAULT_QUERIES, capacity: 'B' })).toBe('capacity');
  });

  it('reads a refId named after the role, for any data source', () => {
    expect(roleOf(promFrame('capacity', 'SELECT 1', {}, []), DEFAULT_QUERIES)).toBe('capacity');
  });

  it('leaves unknown frames without a role', () => {
    expect(roleOf(promFrame('Z', 'up', {}, []), DEFAULT_QUERIES)).toBeUndefined();
  });
});
