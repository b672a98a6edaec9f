export interface ExecutiveOptions {
  /** How many titles the "top titles" list names. */
  topTitles: number;
  /** Text and numbers grow with the panel's size (a wall screen). */
  wallScale: boolean;
}

export const DEFAULT_EXECUTIVE_OPTIONS: ExecutiveOptions = { topTitles: 5, wallScale: true };
