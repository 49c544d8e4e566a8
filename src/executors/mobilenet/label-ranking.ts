export interface RankedLabel {
  readonly label: string;
  /** Rounded to 4 decimals. */
  readonly probability: number;
}

export interface Classification {
  /** Every class, by rounded probability (highest first), then by name. */
  readonly labels: readonly RankedLabel[];
  readonly top: string;
}

/** Ranks a probability per class; probabilities are rounded first so that ties sort by name. */
export function rankLabels(
  probabilities: ArrayLike<number>,
  classNames: readonly string[],
): Classification {
  if (probabilities.length !== classNames.length || classNames.length === 0) {
    throw new Error(
      `the model gave ${probabilities.length} probabilities for ${classNames.length} classes`,
    );
  }
  const labels = classNames
    .map((label, i) => {
      const probability = probabilities[i] ?? Number.NaN;
      if (!Number.isFinite(probability)) {
        throw new Error(`the model gave a non-finite probability for ${label}`);
      }
      return { label, probability: Math.round(probability * 10_000) / 10_000 };
    })
    .sort((a, b) => b.probability - a.probability || compareNames(a.label, b.label));
  return { labels, top: labels[0]?.label ?? '' };
}

/** Builds the JSON field by field so that the key order is fixed by this code. */
export function serialiseClassification(classification: Classification): string {
  const labels = classification.labels
    .map(
      (l) => `{"label":${JSON.stringify(l.label)},"probability":${JSON.stringify(l.probability)}}`,
    )
    .join(',');
  return `{"labels":[${labels}],"top":${JSON.stringify(classification.top)}}`;
}

function compareNames(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
