import type { Children } from '@kitajs/html';

/**
 * A table that scrolls sideways on a narrow screen, named for screen readers by its caption. The
 * scrolling region takes keyboard focus, so it can be scrolled without a pointer.
 */
export function DataTable({ caption, columns, children }: { caption: string; columns: string[]; children?: Children }): JSX.Element {
  return (
    <div class="table-wrap" role="region" aria-label={caption} tabindex="0">
      <table>
        <caption class="visually-hidden" safe>{caption}</caption>
        <thead><tr>{columns.map((c) => <th scope="col" safe>{c}</th>)}</tr></thead>
        <tbody>{children}</tbody>
      </table>
    </div>
  );
}
