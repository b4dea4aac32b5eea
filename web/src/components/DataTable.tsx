import type { ReactNode } from "react";
import type { AsyncState } from "../useAsync";
import { ErrorMessage, Loading } from "./ui";

export interface Column<T> {
  label: string;
  cell: (row: T) => ReactNode;
  className?: string;
}

/** A captioned table of rows, with an optional per-row button (e.g. Delete) named after its row. */
export function DataTable<T>({
  caption,
  columns,
  rows,
  rowKey,
  action,
}: {
  caption: string;
  columns: readonly Column<T>[];
  rows: readonly T[];
  rowKey: (row: T) => string;
  action?: { text: string; label: (row: T) => string; run: (row: T) => void };
}) {
  return (
    <table>
      <caption>{caption}</caption>
      <thead>
        <tr>
          {columns.map((c) => (
            <th key={c.label} scope="col" className={c.className}>
              {c.label}
            </th>
          ))}
          {action && (
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          )}
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={rowKey(row)}>
            {columns.map((c) => (
              <td key={c.label} className={c.className}>
                {c.cell(row)}
              </td>
            ))}
            {action && (
              <td>
                <button type="button" onClick={() => action.run(row)} aria-label={action.label(row)}>
                  {action.text}
                </button>
              </td>
            )}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** A list's loading, error and empty states; renders `children` once there are items. */
export function ListStates<T>({
  list,
  what,
  empty,
  children,
}: {
  list: AsyncState<{ items: T[] }>;
  what: string;
  empty: string;
  children: (items: T[]) => ReactNode;
}) {
  return (
    <>
      <ErrorMessage error={list.error} />
      {!list.data && list.loading && <Loading what={what} />}
      {list.data && list.data.items.length === 0 && <p className="muted">{empty}</p>}
      {list.data && list.data.items.length > 0 && children(list.data.items)}
    </>
  );
}
