import type { Children } from '@kitajs/html';

/** A table that scrolls sideways on a narrow screen, named for screen readers by its caption. */
export function DataTable({ caption, columns, children }: { caption: string; columns: string[]; children?: Children }): JSX.Element {
  return (
    <div class="table-wrap">
      <table>
        <caption class="visually-hidden" safe>{caption}</caption>
        <thead><tr>{columns.map((c) => <th scope="col" safe>{c}</th>)}</tr></thead>
        <tbody>{children}</tbody>
      </table>
    </div>
  );
}
