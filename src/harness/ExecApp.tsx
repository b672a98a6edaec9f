import { useMemo } from 'react';

import { ExecutivePanel } from '../panels/executive/ExecutivePanel';
import { DEFAULT_EXECUTIVE_OPTIONS } from '../panels/executive/types';
import { execData } from './execData';
import { GrafanaFrame, panelProps, type PreviewProps } from './HarnessApp';
import { onWallClock, replayClock } from './wallClock';

/** `/preview/exec`: the executive panel on the exporter's snapshot, on the wall clock like the war room. */
export function ExecApp({ snapshot, receivedAt, mode, width, height, bare }: PreviewProps) {
  const wallNow = receivedAt ?? snapshot.now;
  const data = useMemo(() => execData(onWallClock(snapshot, wallNow)), [snapshot, wallNow]);
  const replay = useMemo(() => replayClock(snapshot, wallNow), [snapshot, wallNow]);
  return (
    <GrafanaFrame mode={mode} bare={bare}>
      <ExecutivePanel {...panelProps(DEFAULT_EXECUTIVE_OPTIONS, data, width, height)} replay={replay} />
    </GrafanaFrame>
  );
}
