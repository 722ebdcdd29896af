import { Page } from './layout.tsx';
import { DataTable } from './data-table.tsx';
import { ErrorSummary, formTitle, ReasonForm } from './form.tsx';
import type { Shell } from './shell.ts';

/** A revocation that was refused: the row, what the officer typed and what is wrong with it. */
export interface RevokeRefusal { id: string; reason: string; error: string }

export interface RevocableListProps<Row extends { id: string }> {
  shell: Shell;
  /**
   * The prefix of the page's message keys: `${keys}.title`, `.back`, `.empty`, `.revoke`, `.reason`,
   * `.reasonHint`, and one per leading column.
   */
  keys: string;
  /** The list's own address; a row's form posts to `${path}/${id}/revoke`. */
  path: string;
  /** The message keys (after `keys.`) of the columns before the last one, the revoke column. */
  columns: string[];
  rows: Row[];
  /** A row's leading cells, one per column (a `<th scope="row">` first). */
  cells(row: Row): JSX.Element;
  /** Whether the row is revoked already: it then has no form. */
  isRevoked(row: Row): boolean;
  /** What stands in a revoked row's last cell (nothing unless given). */
  revokedCell?(row: Row): JSX.Element;
  refused?: RevokeRefusal;
}

/**
 * A back-office list of what the agency issued, each row revocable for a stated reason (issued
 * e-certificates, issued mobile credentials). After a refused revocation it is shown again with
 * the error summary at the top, linking to the row's reason field.
 */
export function RevocableListPage<Row extends { id: string }>(p: RevocableListProps<Row>): JSX.Element {
  const { shell, keys, refused } = p;
  const { tr } = shell;
  const title = tr.t(`${keys}.title`);
  return (
    <Page shell={shell} title={formTitle(tr, title, refused !== undefined)}>
      <p><a href="/office">{tr.h(`${keys}.back`)}</a></p>
      <h1 safe>{title}</h1>
      {refused ? <ErrorSummary tr={tr} problems={[{ field: `reason-${refused.id}`, message: refused.error }]} /> : ''}
      {p.rows.length === 0 ? <p>{tr.h(`${keys}.empty`)}</p> : (
        <DataTable caption={title} columns={[...p.columns, 'revoke'].map((c) => tr.t(`${keys}.${c}`))}>
          {p.rows.map((row) => (
            <tr>
              {p.cells(row)}
              <td>{p.isRevoked(row) ? (p.revokedCell?.(row) ?? '') : (
                <ReasonForm id={row.id} action={`${p.path}/${row.id}/revoke`} csrfToken={shell.csrfToken} refused={refused?.id === row.id ? refused : undefined}
                  label={tr.t(`${keys}.reason`)} hint={tr.t(`${keys}.reasonHint`)} button={tr.t(`${keys}.revoke`)} />
              )}</td>
            </tr>
          ))}
        </DataTable>
      )}
    </Page>
  );
}
