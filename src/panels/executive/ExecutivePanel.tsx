import { css } from '@emotion/css';
import { useMemo } from 'react';

import { dateTimeFormat, type GrafanaTheme2, type PanelProps } from '@grafana/data';
import { useStyles2 } from '@grafana/ui';

import { type ReplayClock, ReplayTag } from '../overlay/components/ReplayTag';
import { WallScaled, wallScale } from '../overlay/components/wallScale';
import { count } from '../overlay/labels/format';
import { useNow } from '../overlay/labels/useNow';
import { executiveModel, type ExecutiveModel } from './executiveModel';
import { executiveTestIds as ids } from './testIds';
import { DEFAULT_EXECUTIVE_OPTIONS, type ExecutiveOptions } from './types';

const NUMBER_WORDS = ['one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten'];

export interface ExecutivePanelProps extends PanelProps<ExecutiveOptions> {
  /** Set by the preview when the exporter replays a launch night faster than real time. */
  replay?: ReplayClock;
}

/** The audience for people who have five seconds: big numbers, plain words, no chart to read. */
export function ExecutivePanel({ data, options, width, height, timeZone, replay }: ExecutivePanelProps) {
  const merged = { ...DEFAULT_EXECUTIVE_OPTIONS, ...options };
  const model = useMemo(() => executiveModel(data.series ?? [], merged.topTitles), [data.series, merged.topTitles]);
  const scale = merged.wallScale ? wallScale(width, height) : 1;
  return (
    <WallScaled scale={scale}>
      <ExecutiveView model={model} width={width} height={height} timeZone={timeZone || 'browser'} replay={replay} />
    </WallScaled>
  );
}

function ExecutiveView(props: {
  model?: ExecutiveModel;
  width: number;
  height: number;
  timeZone: string;
  replay?: ReplayClock;
}) {
  const styles = useStyles2(getStyles);
  const clock = useNow(props.replay?.wallAt, props.replay !== undefined);
  const { model, timeZone } = props;
  if (!model) {
    return (
      <div className={styles.root} data-testid={ids.state} style={{ width: props.width, height: props.height }}>
        <p className={styles.words}>
          No audience figures yet. This view reads <code>launchday_concurrent_viewers</code> by title and{' '}
          <code>launchday_event_observed_peak_viewers</code> from the Launchday exporter.
        </p>
      </div>
    );
  }
  const time = (t: number) => dateTimeFormat(t, { format: 'HH:mm', timeZone });
  const day = (t: number) => dateTimeFormat(t, { format: 'D MMMM YYYY', timeZone });
  const many = NUMBER_WORDS[model.top.length - 1] ?? String(model.top.length);
  const record = model.record;
  return (
    <div className={styles.root} data-testid={ids.panel} style={{ width: props.width, height: props.height }}>
      {props.replay && <ReplayTag replay={props.replay} clock={clock} timeZone={timeZone} />}
      <div className={styles.figures}>
        <section className={styles.figure} data-testid={ids.watching} data-value={model.watchingNow}>
          <h2 className={styles.label}>Watching now</h2>
          <div className={styles.number}>{count(model.watchingNow)}</div>
          <p className={styles.words}>people, at {time(model.at)}</p>
        </section>
        <section className={styles.figure} data-testid={ids.todayPeak} data-value={model.todayPeak?.value}>
          <h2 className={styles.label}>Today&apos;s peak</h2>
          <div className={styles.number}>{model.todayPeak ? count(model.todayPeak.value) : '–'}</div>
          <p className={styles.words}>
            {model.todayPeak ? `at ${time(model.todayPeak.at)}` : 'nothing since midnight'}
          </p>
        </section>
        <section className={styles.figure} data-testid={ids.record} data-value={record?.value}>
          <h2 className={styles.label}>All-time record</h2>
          <div className={styles.number}>{record ? count(record.value) : '–'}</div>
          <p className={styles.words}>
            {!record
              ? 'no event recorded yet'
              : record.today
                ? 'set today, a new record'
                : `${record.title}${record.at !== undefined ? `, ${day(record.at)}` : ''}`}
          </p>
        </section>
      </div>
      <section className={styles.top}>
        <h2 className={styles.label}>The {many} most watched titles now</h2>
        <ol className={styles.list}>
          {model.top.map((t) => (
            <li
              key={t.title}
              className={styles.row}
              data-testid={ids.topTitle}
              data-title={t.title}
              data-value={t.viewers}
            >
              <span className={styles.title}>{t.title}</span>
              <span className={styles.count}>{count(t.viewers)}</span>
            </li>
          ))}
        </ol>
      </section>
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  root: css({
    display: 'flex',
    flexDirection: 'column',
    gap: theme.spacing(4),
    padding: theme.spacing(3),
    overflow: 'hidden',
    color: theme.colors.text.primary,
  }),
  figures: css({ display: 'flex', gap: theme.spacing(3), flexWrap: 'wrap' }),
  figure: css({
    flex: '1 1 0',
    minWidth: 0,
    padding: theme.spacing(2, 3),
    borderRadius: theme.shape.radius.default,
    background: theme.colors.background.secondary,
    borderTop: `${theme.spacing(0.5)} solid ${theme.colors.primary.main}`,
  }),
  label: css({
    margin: 0,
    fontSize: theme.typography.h3.fontSize,
    fontWeight: theme.typography.fontWeightMedium,
    color: theme.colors.text.secondary,
  }),
  number: css({
    fontSize: `calc(${theme.typography.h1.fontSize} * 3)`,
    lineHeight: 1.15,
    fontWeight: theme.typography.fontWeightBold,
    fontVariantNumeric: 'tabular-nums',
    whiteSpace: 'nowrap',
  }),
  words: css({ margin: 0, fontSize: theme.typography.h4.fontSize, color: theme.colors.text.primary }),
  top: css({ minHeight: 0, maxWidth: theme.spacing(140) }),
  list: css({ margin: theme.spacing(1, 0, 0), paddingLeft: theme.spacing(5), fontSize: theme.typography.h2.fontSize }),
  row: css({
    padding: theme.spacing(0.75, 0),
    borderBottom: `1px solid ${theme.colors.border.weak}`,
    '::marker': { color: theme.colors.text.secondary },
  }),
  title: css({
    display: 'inline-block',
    width: '70%',
    overflow: 'hidden',
    textOverflow: 'ellipsis',
    verticalAlign: 'bottom',
  }),
  count: css({ fontWeight: theme.typography.fontWeightBold, fontVariantNumeric: 'tabular-nums' }),
});
