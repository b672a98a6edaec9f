/**
 * Weights are stored and summed as whole micro-viewers: integer sums in a double are exact up to 2^53
 * (about 9e9 viewers per label set), so 0.1 reads back as 0.1 and a label set whose sessions have all
 * ended reads exactly 0, with no float residue.
 */
export const WEIGHT_UNITS_PER_VIEWER = 1_000_000;
export const MIN_WEIGHT = 1 / WEIGHT_UNITS_PER_VIEWER;
export const MAX_WEIGHT = 1e7;
export const MAX_WEIGHT_UNITS = MAX_WEIGHT * WEIGHT_UNITS_PER_VIEWER;

/** The stored units of a weight already within [MIN_WEIGHT, MAX_WEIGHT] (the schema checks it). */
export const weightUnits = (weight: number): number => Math.round(weight * WEIGHT_UNITS_PER_VIEWER);

export const viewersOf = (units: number): number => (units > 0 ? units / WEIGHT_UNITS_PER_VIEWER : 0);
