// Jest setup: the scaffold's, plus what React 19 and uPlot need from jsdom.
import './.config/jest-setup';
import { MessageChannel as NodeMessageChannel } from 'node:worker_threads';

import { recordingContext } from './src/panels/overlay/testing/recordingContext';

// React 19's scheduler posts through MessageChannel, which jsdom lacks. Node's ports keep the process
// alive once listened to, so they are unref'd: Jest can exit when the tests are done.
class MessageChannel extends NodeMessageChannel {
  constructor() {
    super();
    for (const port of [this.port1, this.port2]) {
      const listen = Object.getOwnPropertyDescriptor(Object.getPrototypeOf(port), 'onmessage');
      Object.defineProperty(port, 'onmessage', {
        set(handler) {
          listen.set.call(port, handler);
          port.unref();
        },
        get() {
          return listen.get.call(port);
        },
      });
    }
  }
}
Object.assign(global, { MessageChannel });

// uPlot draws on a 2D context; jsdom has none. This one records every call so tests can check the drawing.
HTMLCanvasElement.prototype.getContext = function getContext() {
  this.__recording ??= recordingContext();
  return this.__recording;
};

// Grafana's VizLayout waits for its legend to be measured before it renders the plot; jsdom has no layout,
// so every observed element reports one measurement: one legend row high (a width of 0 means "all of it").
global.ResizeObserver = class ResizeObserver {
  constructor(callback) {
    this.callback = callback;
  }
  observe(target) {
    const contentRect = { x: 0, y: 0, width: 0, height: 24, top: 0, left: 0, bottom: 24, right: 0 };
    setTimeout(() => this.callback([{ target, contentRect }], this), 0);
  }
  unobserve() {}
  disconnect() {}
};

// uPlot builds its series as Path2D objects; jsdom has none. Paths only need to exist to be filled or stroked.
global.Path2D ??= class Path2D {
  moveTo() {}
  lineTo() {}
  bezierCurveTo() {}
  quadraticCurveTo() {}
  rect() {}
  arc() {}
  closePath() {}
  addPath() {}
};
