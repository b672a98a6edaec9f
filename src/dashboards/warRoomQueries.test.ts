// The war room gives the overlay every part of the published forecast the panel reads
// (src/panels/overlay/data/publishedForecast.ts): without one, Grafana's frames lack it and the panel draws
// less than the preview, which reads the same series from the exporter's snapshot.
import { PUBLISHED_METRICS } from '../panels/overlay/data/publishedForecast';
import warRoom from './war-room.json';

interface Target {
  refId: string;
  expr: string;
  instant?: boolean;
  range?: boolean;
}

const overlay = warRoom.panels.find((p) => p.type === 'launchday-overlay-panel') as unknown as { targets: Target[] };

describe('the war room overlay queries', () => {
  for (const [part, metric] of Object.entries(PUBLISHED_METRICS)) {
    it(`query the published ${part} (${metric}) by a refId the panel finds`, () => {
      const target = overlay.targets.find((t) => t.refId === part);
      expect(target).toBeDefined();
      // A raw selector keeps __name__, by which the panel reads the part first; the refId is the fallback.
      expect(target?.expr).toBe(metric);
      expect(target?.instant || target?.range).toBe(true);
    });
  }

  it('give every query its own refId', () => {
    const refIds = overlay.targets.map((t) => t.refId);
    expect(new Set(refIds).size).toBe(refIds.length);
  });
});
