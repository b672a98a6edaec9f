import { z } from 'zod';
import { EVENT_KINDS } from '../../core/calendar/event';

/**
 * A scenario file (simulator/scenarios/*.yaml): the calendar of one launch night, its audience
 * curve, the platform's capacity, and as truth the windows in which its failures happened.
 * Times are ISO 8601 with an offset, so a file reads in its own zone.
 */
const instant = z.string().transform((text, ctx) => {
  const ms = /[zZ]|[+-]\d\d:\d\d$/.test(text) ? Date.parse(text) : NaN;
  if (Number.isNaN(ms)) {
    ctx.addIssue({ code: 'custom', message: `not an ISO 8601 instant with an offset: "${text}"` });
    return z.NEVER;
  }
  return ms;
});
const share = z.number().nonnegative();
const label = z.string().regex(/^[a-z0-9_-]{1,64}$/, 'lower-case letters, digits, _ or -');

const bump = z.strictObject({ at: instant, widthMinutes: z.number().positive(), gain: z.number().min(-1).max(5) });

const airing = z.strictObject({
  event: z.string().regex(/^[A-Za-z0-9_.:-]{1,64}$/),
  kind: z.enum(EVENT_KINDS),
  start: instant,
  end: instant,
  peak: z.number().nonnegative(),
  /** Planner's estimate put in the calendar (defaults to the peak). */
  expectedPeak: z.number().nonnegative().optional(),
  peakAt: instant.optional(),
  rampMinutes: z.number().nonnegative().default(60),
  preLevel: z.number().min(0).max(1).default(0.3),
  holdLevel: z.number().min(0).max(2).default(0.85),
  decayMinutes: z.number().positive().default(30),
  tail: z.enum(['short', 'long']).default('short'),
  bumps: z.array(bump).default([]),
  notes: z.string().optional(),
});

const title = z.strictObject({
  title: z.string().min(1).max(128),
  cdn: label.optional(),
  baseline: z.number().nonnegative().default(0),
  airings: z.array(airing).default([]),
});

const failureWindow = z.strictObject({
  /** `login`: the login success ratio breaches its SLO; `segments`: the segment error ratio does. */
  signal: z.enum(['login', 'segments']),
  from: instant,
  to: instant,
  title: z.string().optional(),
  cdn: label.optional(),
  /** `capacity`: demand past a limit (a forecast against capacity can see it coming); `incident`: a fault or outage. */
  cause: z.enum(['capacity', 'incident']).default('capacity'),
  note: z.string().optional(),
});

const capacityChange = z.strictObject({
  resource: z.string().regex(/^(all|viewers|logins|segments:[a-z0-9_-]+)$/),
  from: instant,
  until: instant,
  factor: z.number().nonnegative(),
  note: z.string().optional(),
});

const fault = z.strictObject({
  resource: z.string().regex(/^(all|logins|segments:[a-z0-9_-]+)$/),
  from: instant,
  until: instant,
  failureRatio: z.number().min(0).max(1),
  note: z.string().optional(),
});

export const scenarioSchema = z
  .strictObject({
    name: z.string().regex(/^[a-z0-9-]{1,64}$/),
    description: z.string(),
    source: z.string().optional(),
    timeZone: z.string().default('UTC'),
    window: z.strictObject({ from: instant, to: instant }),
    stepSeconds: z.number().min(1).max(600).default(30),
    slo: z
      .strictObject({
        loginSuccessRatio: z.number().min(0).max(1).default(0.95),
        segmentErrorRatio: z.number().min(0).max(1).default(0.02),
      })
      .prefault({}),
    regions: z.array(z.strictObject({ name: label, share, cdn: label })).min(1),
    devices: z.array(z.strictObject({ name: label, share })).min(1),
    loginMethods: z.array(z.strictObject({ name: label, share })).default([{ name: 'password', share: 1 }]),
    titles: z.array(title).min(1),
    capacity: z.strictObject({
      viewers: z.number().positive(),
      loginsPerSecond: z.number().positive(),
      segmentsPerSecond: z.record(label, z.number().positive()),
      changes: z.array(capacityChange).default([]),
      faults: z.array(fault).default([]),
    }),
    behaviour: z
      .strictObject({
        loginLeadMinutes: z.number().nonnegative().default(10),
        churnPerMinute: z.number().min(0).max(1).default(0.01),
        segmentsPerViewerPerSecond: z.number().positive().default(0.25),
        loginTimeoutSeconds: z.number().positive().default(10),
        segmentTimeoutSeconds: z.number().positive().default(4),
        dropPerMinuteAtFullFailure: z.number().min(0).max(60).default(0.5),
        retry: z
          .strictObject({
            baseSeconds: z.number().positive().default(20),
            capSeconds: z.number().positive().default(300),
            maxAttempts: z.number().int().min(1).max(20).default(6),
            giveUpProbability: z.number().min(0).max(1).default(0.1),
          })
          .prefault({}),
      })
      .prefault({}),
    /** As truth: when the served audience peaks, and how high. */
    peak: z.strictObject({ at: instant, viewers: z.number().positive() }),
    failures: z.array(failureWindow),
  })
  .superRefine((s, ctx) => {
    if (s.window.to <= s.window.from)
      ctx.addIssue({ code: 'custom', path: ['window'], message: 'window.to must be after window.from' });
    s.titles.forEach((t, ti) =>
      t.airings.forEach((a, ai) => {
        const path = ['titles', ti, 'airings', ai];
        if (a.end <= a.start) ctx.addIssue({ code: 'custom', path, message: 'end must be after start' });
        if (a.peakAt !== undefined && (a.peakAt < a.start || a.peakAt > a.end)) {
          ctx.addIssue({
            code: 'custom',
            path: [...path, 'peakAt'],
            message: 'peakAt must fall between start and end',
          });
        }
      })
    );
    const cdns = new Set([...s.regions.map((r) => r.cdn), ...s.titles.flatMap((t) => (t.cdn ? [t.cdn] : []))]);
    for (const cdn of cdns) {
      if (!(cdn in s.capacity.segmentsPerSecond)) {
        ctx.addIssue({
          code: 'custom',
          path: ['capacity', 'segmentsPerSecond'],
          message: `no capacity for CDN "${cdn}"`,
        });
      }
    }
    s.failures.forEach((f, i) => {
      if (f.to <= f.from) ctx.addIssue({ code: 'custom', path: ['failures', i], message: 'to must be after from' });
    });
  });

export type Scenario = z.output<typeof scenarioSchema>;
export type FailureWindow = Scenario['failures'][number];
