import { resourceName, statusReason } from './statusReason';

const live = { loginSuccess: 0.748, segmentErrors: 0.031, objectives: { loginSuccess: 0.99, segmentErrors: 0.01 } };
const MIN = 60_000;

describe('statusReason', () => {
  it('quotes a breached SLO with its live value and objective', () => {
    expect(statusReason({ status: 'red', binding: 'slo:login_success', headroom: {}, saturation: [] }, live, 0)).toBe(
      'logins 74.8% < 99% SLO'
    );
    expect(statusReason({ status: 'red', binding: 'slo:segment_errors', headroom: {}, saturation: [] }, live, 0)).toBe(
      'segment errors 3.10% > 1% SLO'
    );
  });

  it('counts down to a published saturation of the binding resource', () => {
    const f = {
      status: 'red' as const,
      binding: 'segments:oca-na',
      headroom: { 'segments:oca-na': -0.1 },
      saturation: [
        { resource: 'segments:oca-na', band: 'p90' as const, at: 5 * MIN },
        { resource: 'segments:oca-na', band: 'p50' as const, at: 12 * MIN },
      ],
    };
    expect(statusReason(f, live, 0)).toBe('oca-na segments saturate in 12m 00s');
    expect(statusReason({ ...f, status: 'amber' }, live, 0)).toBe('oca-na segments saturate in 5m 00s (P90)');
    expect(statusReason(f, live, 13 * MIN)).toBe('oca-na segments at capacity (P50)');
  });

  it('gives the headroom when nothing crosses', () => {
    expect(
      statusReason({ status: 'green', binding: 'viewers', headroom: { viewers: 0.35 }, saturation: [] }, live, 0)
    ).toBe('viewers headroom 35%');
    expect(resourceName('logins')).toBe('logins');
  });
});
