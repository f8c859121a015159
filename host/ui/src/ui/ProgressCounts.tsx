// How far a long job is — a contact import (A6), a broadcast (A7): the progress bar with its
// caption, then a card per count. A count marked `alert` (rejected rows, failed sends) is
// coloured when it is above zero, so trouble shows at a glance.
export interface Count {
  key: string;
  label: string;
  value: number;
  alert?: boolean;
}

export function ProgressCounts({
  label,
  max,
  value,
  caption,
  counts,
  format,
  testIdPrefix,
  countsLabel,
}: {
  /** The progress bar's accessible name. */
  label: string;
  max: number;
  value: number;
  caption: string;
  counts: Count[];
  /** A number as the user's language writes it. */
  format: (n: number) => string;
  /** Each card's `data-testid` is this prefix and its key. */
  testIdPrefix: string;
  /** The cards' accessible name, when they need one. */
  countsLabel?: string;
}) {
  return (
    <>
      <div className="progress-line">
        <progress max={max} value={value} aria-label={label} />
        <span className="muted">{caption}</span>
      </div>
      <dl className="count-cards" aria-label={countsLabel}>
        {counts.map((count) => (
          <div
            key={count.key}
            className={`count-card${count.alert && count.value > 0 ? " count-card-alert" : ""}`}
            data-testid={`${testIdPrefix}-${count.key}`}
          >
            <dt>{count.label}</dt>
            <dd>{format(count.value)}</dd>
          </div>
        ))}
      </dl>
    </>
  );
}
