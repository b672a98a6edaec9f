import { counterToRate } from './series';
import { loginSuccess, segmentErrors } from './ratios';
import { minutes, promFrame } from '../testing/frames';

describe('login and segment ratios', () => {
  it('computes login success as 1 - failures / attempts from rate queries', () => {
    const attempts = promFrame(
      'A',
      'sum(rate(launchday_login_attempts_total[5m]))',
      {},
      minutes(3, () => 100)
    );
    const failures = promFrame(
      'B',
      'sum(rate(launchday_login_failures_total[5m]))',
      {},
      minutes(3, (i) => i)
    );
    expect(loginSuccess(undefined, [attempts], [failures]).map((p) => p.v)).toEqual([1, 0.99, 0.98]);
  });

  it('turns raw counters into rates first, surviving a reset', () => {
    const points = minutes(4, (i) => [0, 60, 120, 30][i]!).map(([t, v]) => ({ t, v }));
    expect(counterToRate(points).map((p) => p.v)).toEqual([1, 1, 0.5]);
  });

  it('prefers a ratio query when there is one', () => {
    const ratio = promFrame(
      'R',
      'sum(rate(launchday_segment_failures_total[5m])) / sum(rate(launchday_segment_requests_total[5m]))',
      {},
      minutes(2, () => 0.02)
    );
    expect(segmentErrors([ratio]).map((p) => p.v)).toEqual([0.02, 0.02]);
  });

  it('has no ratio where there were no attempts', () => {
    const attempts = promFrame(
      'A',
      'sum(rate(launchday_login_attempts_total[5m]))',
      {},
      minutes(2, (i) => i)
    );
    expect(loginSuccess(undefined, [attempts], []).length).toBe(1);
  });
});
