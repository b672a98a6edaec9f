import type { CalendarEvent } from '../../core/calendar/event';
import type { AudienceComponent } from '../model/audienceCurve';
import type { LaunchPlan } from '../model/launchPlan';
import type { Scenario } from './scenarioSchema';

const MINUTE = 60_000;

/** The population model's plan for a scenario (all times stay the scenario's own). */
export function scenarioPlan(s: Scenario): LaunchPlan {
  return {
    from: s.window.from,
    to: s.window.to,
    stepSeconds: s.stepSeconds,
    titles: s.titles.map((t) => ({
      cdn: t.cdn,
      audience: {
        title: t.title,
        baseline: t.baseline,
        components: t.airings.map((a): AudienceComponent => ({
          title: t.title,
          start: a.start,
          end: a.end,
          peak: a.peak,
          peakAt: a.peakAt ?? Math.min(a.end, a.start + 10 * MINUTE),
          rampMinutes: a.rampMinutes,
          preLevel: a.preLevel,
          holdLevel: a.holdLevel,
          decayMinutes: a.decayMinutes,
          tail: a.tail,
          bumps: a.bumps,
        })),
      },
    })),
    regions: s.regions,
    devices: s.devices,
    capacity: {
      viewers: s.capacity.viewers,
      loginsPerSecond: s.capacity.loginsPerSecond,
      segmentsPerSecond: s.capacity.segmentsPerSecond,
      changes: s.capacity.changes.map((c) => ({
        resource: c.resource,
        from: c.from,
        until: c.until,
        factor: c.factor,
      })),
      faults: s.capacity.faults.map((f) => ({
        resource: f.resource,
        from: f.from,
        until: f.until,
        failureRatio: f.failureRatio,
      })),
    },
    loginLeadMinutes: s.behaviour.loginLeadMinutes,
    churnPerMinute: s.behaviour.churnPerMinute,
    segmentsPerViewerPerSecond: s.behaviour.segmentsPerViewerPerSecond,
    loginTimeoutSeconds: s.behaviour.loginTimeoutSeconds,
    segmentTimeoutSeconds: s.behaviour.segmentTimeoutSeconds,
    dropPerMinuteAtFullFailure: s.behaviour.dropPerMinuteAtFullFailure,
    retry: s.behaviour.retry,
  };
}

/** The scenario's airings as calendar events, moved by `mapTime` (identity keeps the historical dates). */
export function scenarioEvents(s: Scenario, mapTime: (t: number) => number = (t) => t): CalendarEvent[] {
  return s.titles.flatMap((t) =>
    t.airings.map((a) => ({
      id: a.event,
      title: t.title,
      kind: a.kind,
      start: mapTime(a.start),
      end: mapTime(a.end),
      timeZone: s.timeZone,
      expectedPeak: a.expectedPeak ?? a.peak,
      ...(a.notes ? { notes: a.notes } : {}),
    }))
  );
}

/** The largest intended audience over the scenario, for sizing the session sample. */
export function scenarioPeakAudience(s: Scenario): number {
  return s.titles.reduce((sum, t) => sum + t.baseline + t.airings.reduce((m, a) => Math.max(m, a.peak * 1.5), 0), 0);
}
