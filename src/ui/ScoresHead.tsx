/** The header row of a scores table, shared by the binary and the per-class metrics tables. */

/** The header of a scores table: the rows' hidden heading, then Dice, IoU, precision and recall (the class table uses it too). */
export function ScoresHead({ rowHeader }: { rowHeader: string }) {
  return (
    <thead>
      <tr>
        <th scope="col">
          <span className="visually-hidden">{rowHeader}</span>
        </th>
        <th scope="col">Dice</th>
        <th scope="col">IoU</th>
        <th scope="col">Precision</th>
        <th scope="col">Recall</th>
      </tr>
    </thead>
  );
}
