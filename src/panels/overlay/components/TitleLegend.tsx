import { css } from '@emotion/css';

import type { DataFrame, GrafanaTheme2 } from '@grafana/data';
import { useStyles2 } from '@grafana/ui';

import { testIds } from '../testIds';

export interface LegendEntry {
  label: string;
  color: string;
  /** How the swatch is drawn: a line, a dashed line, or a filled band. */
  mark: 'line' | 'dash' | 'band';
}

/** The plotted series of the frame, in the colours they are drawn with, then the overlays' own entries. */
export function legendEntries(frame: DataFrame, extra: LegendEntry[]): LegendEntry[] {
  const series = frame.fields.slice(1).map((f): LegendEntry => ({
    label: f.config.displayName ?? f.name,
    color: f.config.color?.fixedColor ?? 'currentColor',
    mark: f.config.custom?.lineStyle?.fill === 'dash' ? 'dash' : 'line',
  }));
  return [...series, ...extra];
}

/** The rows a legend takes at this width, at about 0.6 em per character plus the swatch and gap. */
export function legendRows(entries: LegendEntry[], width: number, fontPx: number): number {
  let rows = 1;
  let used = 0;
  for (const e of entries) {
    const w = e.label.length * fontPx * 0.6 + fontPx * 3;
    if (used > 0 && used + w > width) {
      rows++;
      used = 0;
    }
    used += w;
  }
  return rows;
}

/**
 * A plain legend: the text in the theme's primary colour at the panel's scale, each title with the colour its
 * name gives it. (Grafana's own legend buttons carry an accessible name that differs from their text.)
 */
export function TitleLegend({ entries, height }: { entries: LegendEntry[]; height: number }) {
  const styles = useStyles2(getStyles);
  return (
    <ul className={styles.list} style={{ height }} aria-label="Legend">
      {entries.map((e) => (
        <li
          key={e.label}
          className={styles.item}
          data-testid={testIds.legendItem}
          data-title={e.label}
          data-color={e.color}
        >
          <span
            aria-hidden="true"
            className={e.mark === 'band' ? styles.band : styles.line}
            style={
              e.mark === 'band'
                ? { background: e.color }
                : { borderTopColor: e.color, borderTopStyle: e.mark === 'dash' ? 'dashed' : 'solid' }
            }
          />
          {e.label}
        </li>
      ))}
    </ul>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  list: css({
    display: 'flex',
    flexWrap: 'wrap',
    alignContent: 'flex-start',
    columnGap: theme.spacing(2),
    margin: 0,
    padding: theme.spacing(0, 1),
    listStyle: 'none',
    overflow: 'hidden',
    fontSize: theme.typography.bodySmall.fontSize,
    lineHeight: 1.5,
    color: theme.colors.text.primary,
  }),
  item: css({ display: 'flex', alignItems: 'center', gap: theme.spacing(0.75), whiteSpace: 'nowrap' }),
  line: css({ display: 'inline-block', width: theme.spacing(2), borderTopWidth: theme.spacing(0.375) }),
  band: css({ display: 'inline-block', width: theme.spacing(2), height: theme.spacing(1), opacity: 0.5 }),
});
