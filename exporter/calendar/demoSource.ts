import { buildDemoCalendar } from '../../core/calendar/demoCalendar';
import type { SourceState } from './sourceState';

/**
 * The demo calendar, anchored once on the exporter's start so its ids and times hold still across
 * reloads. It is rendered as a YAML file and goes through the same parse as any file.
 */
export class DemoSource {
  private readonly text: string;

  constructor(
    readonly state: SourceState,
    anchor: number,
    firstStartsInMs: number
  ) {
    const events = buildDemoCalendar(anchor, { firstStartsInMs }).map((e) => ({
      id: e.id,
      title: e.title,
      kind: e.kind,
      start: new Date(e.start).toISOString(),
      end: new Date(e.end).toISOString(),
      timeZone: e.timeZone,
      ...(e.expectedPeak !== undefined ? { expectedPeak: e.expectedPeak } : {}),
      ...(e.region ? { region: e.region } : {}),
      ...(e.notes ? { notes: e.notes } : {}),
    }));
    this.text = JSON.stringify({ events }, null, 2);
  }

  load(): Promise<void> {
    return this.state.serial(async () => void (await this.state.accept(this.text, 'yaml')));
  }
}
