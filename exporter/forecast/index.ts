export { createForecastService } from './service';
export type { ForecastService, ForecastServiceOptions, ServiceSample } from './service';
export type { ForecastSnapshot } from './forecast-snapshot';
export { computeForecasts } from './refresh';
