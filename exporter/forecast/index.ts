export { createForecastService } from './service';
export type { ForecastService, ForecastServiceOptions } from './service';
export type { ForecastSnapshot } from './forecastSnapshot';
export { computeForecasts } from './refresh';
