import { useEffect, useRef, useState } from 'react';

/**
 * The present, ticking every `everyMs` in real time. With an `anchor` (the instant the data was read at,
 * e.g. the preview's snapshot), it runs on from there; without one it is the wall clock. `tick: false`
 * holds it at the anchor (tests, screenshots).
 */
export function useNow(anchor?: number, tick = true, everyMs = 1000): number {
  const received = useRef({ anchor, at: Date.now() });
  if (received.current.anchor !== anchor) {
    received.current = { anchor, at: Date.now() };
  }
  const [, setTicks] = useState(0);
  useEffect(() => {
    if (!tick) {
      return undefined;
    }
    const timer = setInterval(() => setTicks((n) => n + 1), everyMs);
    return () => clearInterval(timer);
  }, [tick, everyMs]);
  if (anchor === undefined) {
    return Date.now();
  }
  return tick ? anchor + (Date.now() - received.current.at) : anchor;
}
