/** One call on a 2D context, with the fill and stroke styles in force when it was made. */
export interface DrawCall {
  name: string;
  args: unknown[];
  fillStyle: unknown;
  strokeStyle: unknown;
  globalAlpha: unknown;
}

export type RecordingContext = CanvasRenderingContext2D & { calls: DrawCall[] };

/**
 * A 2D context for jsdom that records every method call (Grafana's own canvas tests do the same): drawing is
 * checked through its calls, since jsdom has no pixels. Properties set on it keep their values.
 */
export function recordingContext(): RecordingContext {
  const calls: DrawCall[] = [];
  const state: Record<string | symbol, unknown> = { calls, fillStyle: '#000', strokeStyle: '#000', globalAlpha: 1 };
  const answers: Record<string, unknown> = {
    measureText: { width: 10, actualBoundingBoxAscent: 8, actualBoundingBoxDescent: 2 },
    getImageData: { data: new Uint8ClampedArray(4) },
    createLinearGradient: { addColorStop: () => undefined },
    createRadialGradient: { addColorStop: () => undefined },
    createPattern: {},
    getLineDash: [],
    isPointInPath: false,
  };
  return new Proxy(state, {
    get(target, prop) {
      if (prop in target) {
        return target[prop];
      }
      if (typeof prop !== 'string') {
        return undefined;
      }
      return (...args: unknown[]) => {
        calls.push({
          name: prop,
          args,
          fillStyle: target.fillStyle,
          strokeStyle: target.strokeStyle,
          globalAlpha: target.globalAlpha,
        });
        return answers[prop];
      };
    },
    set(target, prop, value) {
      target[prop] = value;
      return true;
    },
  }) as unknown as RecordingContext;
}
