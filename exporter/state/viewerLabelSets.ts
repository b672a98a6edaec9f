import { OTHER } from './labelGuard';
import { LabelSets } from './labelSets';

/** The labels of one viewer series, after the guard. */
export interface ViewerLabelSet {
  readonly title: string;
  readonly cdn: string;
  readonly region: string;
  readonly device: string;
}

/**
 * The viewer series' label sets: LabelSets (tuples interned within the series budget, in the order
 * title, cdn, region, device, which the state file keeps) read by name. The one place that knows the
 * positions; everything else asks for `labelsOf(id)` or `titleOf(id)`.
 */
export class ViewerLabelSets extends LabelSets {
  /** Each id's labels by name, made once (ids are append-only) and frozen: callers share them. */
  private readonly named: ViewerLabelSet[] = [];

  constructor(budget: number) {
    super(budget, [OTHER, OTHER, OTHER, OTHER]);
  }

  /** The id of a label set (folded into all-`other` past the budget). */
  idOfLabels(labels: ViewerLabelSet): number {
    return this.idOf([labels.title, labels.cdn, labels.region, labels.device]);
  }

  labelsOf(id: number): ViewerLabelSet {
    let labels = this.named[id];
    if (labels === undefined) {
      const [title, cdn, region, device] = this.tuples[id]!;
      this.named[id] = labels = Object.freeze({ title: title!, cdn: cdn!, region: region!, device: device! });
    }
    return labels;
  }

  /** The title alone (read per heartbeat: no object made). */
  titleOf(id: number): string {
    return this.tuples[id]![0]!;
  }
}
