import { createContext, type ReactNode, useContext, useMemo } from 'react';

import { createTheme, type GrafanaTheme2, ThemeContext } from '@grafana/data';
import { useTheme2 } from '@grafana/ui';

/** The panel size at which text is Grafana's own; a wall screen's panel scales up from it. */
const BASE_WIDTH = 1600;
const BASE_HEIGHT = 720;
const MAX_SCALE = 4;

/**
 * How much bigger text and strokes are drawn for this panel size: 1 on a desk, about 2.4 on a 3840x2160 wall.
 * Quantised to 0.05 so a small resize keeps the same scale (and the plots keep their configuration).
 */
export function wallScale(width: number, height: number): number {
  const raw = Math.min(width / BASE_WIDTH, height / BASE_HEIGHT);
  const stepped = Math.floor(raw * 20) / 20;
  return Math.min(MAX_SCALE, Math.max(1, stepped));
}

/**
 * The theme with its type and spacing scaled, its colours untouched. Grafana's typography is in rem of
 * `htmlFontSize`: telling it the root is `scale` times smaller makes every rem size `scale` times bigger.
 */
export function scaledTheme(theme: GrafanaTheme2, scale: number): GrafanaTheme2 {
  if (scale === 1) {
    return theme;
  }
  const sized = createTheme({
    colors: { mode: theme.colors.mode },
    typography: { htmlFontSize: (theme.typography.htmlFontSize ?? 14) / scale },
    spacing: { gridSize: Math.round(theme.spacing.gridSize * scale) },
  });
  return { ...theme, typography: sized.typography, spacing: sized.spacing };
}

const WallScaleContext = createContext(1);

/** The panel's scale for canvas drawing (line widths, canvas text), which the theme does not reach. */
export function useWallScale(): number {
  return useContext(WallScaleContext);
}

/** Scales everything under it: Grafana components through the theme, our plugins through the context. */
export function WallScaled({ scale, children }: { scale: number; children: ReactNode }) {
  const theme = useTheme2();
  const scaled = useMemo(() => scaledTheme(theme, scale), [theme, scale]);
  return (
    <ThemeContext.Provider value={scaled}>
      <WallScaleContext.Provider value={scale}>{children}</WallScaleContext.Provider>
    </ThemeContext.Provider>
  );
}
