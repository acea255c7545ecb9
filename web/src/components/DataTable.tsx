import type { ComponentChildren } from 'preact';
import { useI18n } from '../i18n/context';
import type { MessageKey } from '../i18n';

/** A table of rows under translated column headings, scrolling sideways inside its own box on a phone. */
export function DataTable({ class: className, columns, children }: { class: string; columns: readonly MessageKey[]; children: ComponentChildren }) {
  const { t } = useI18n();
  return (
    <div class="table-wrap">
      <table class={`data ${className}`}>
        <thead>
          <tr>
            {columns.map((column) => (
              <th scope="col" key={column}>{t(column)}</th>
            ))}
          </tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </div>
  );
}
