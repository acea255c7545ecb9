import { explainFailure, type Explained, type Refusal } from '../api/refusal';
import type { MessageKey } from '../i18n';
import type { RowError } from './job';

// The server explains a refusal in English words for developers ({error: {code, field, message}});
// a ward official needs one plain sentence in their language. These map what the server said to a
// message key of the page, and keep the server's own words as the detail underneath.

/** The request itself failed: a whole-file problem, or the session, the role, the network. */
export function explainRequest(error: unknown): Explained {
  return explainFailure(error, 'import.problem', explainFileRefusal);
}

/** The refusals only an import meets; undefined leaves the rest to the page's general sentences. */
function explainFileRefusal(status: number, refusal: Refusal | undefined): Explained | undefined {
  const detail = refusal?.message;
  if (status === 413) return { key: 'import.problem.tooLarge', detail };
  if (status === 415) return { key: 'import.problem.fileType', detail };
  if (!refusal) return undefined;
  const message = refusal.message;
  switch (refusal.field) {
    case 'file': {
      const header = /lacks the column\(s\) ([^;]+); it needs ([^.]+)/i.exec(message);
      if (header) return { key: 'import.problem.header', params: { missing: header[1]!.trim(), needed: header[2]!.trim() }, detail };
      if (/no row under the heading/i.test(message)) return { key: 'import.problem.empty', detail };
      if (/cannot be read/i.test(message)) return { key: 'import.problem.unreadable', detail };
      const rows = /at most (\d+) rows/i.exec(message);
      if (rows) return { key: 'import.problem.tooManyRows', params: { rows: rows[1]! }, detail };
      if (/\bMB\b/.test(message)) return { key: 'import.problem.tooLarge', detail };
      if (/no file/i.test(message)) return { key: 'import.problem.noFile', detail };
      return { key: 'import.problem.file', detail };
    }
    case 'content-type':
      return { key: 'import.problem.fileType', detail };
    default:
      return undefined;
  }
}

/** Plain reasons for the refusals a row most often meets, by column and code; the code alone otherwise. */
const ROW_REASONS: Record<string, MessageKey> = {
  'code/INVALID': 'import.row.code.invalid',
  'code/DUPLICATE': 'import.row.code.duplicate',
  'code/CONFLICT': 'import.row.code.conflict',
  'name/INVALID': 'import.row.name.invalid',
  'kind/INVALID': 'import.row.kind.invalid',
  'parent_code/NOT_FOUND': 'import.row.parent.notFound',
  'parent_code/INVALID': 'import.row.parent.invalid',
  'team/NOT_FOUND': 'import.row.team.notFound',
  'team/INVALID': 'import.row.team.invalid',
  'phone/INVALID': 'import.row.phone.invalid',
  'phone/DUPLICATE': 'import.row.phone.duplicate',
};

const CODE_REASONS: Record<string, MessageKey> = {
  INVALID: 'import.row.invalid',
  DUPLICATE: 'import.row.duplicate',
  NOT_FOUND: 'import.row.notFound',
  CONFLICT: 'import.row.conflict',
  FORBIDDEN: 'import.row.forbidden',
};

export function explainRow(error: RowError): Explained {
  const key = error.code === 'FORBIDDEN' ? CODE_REASONS.FORBIDDEN! : ROW_REASONS[`${error.field}/${error.code}`] ?? CODE_REASONS[error.code] ?? 'import.row.refused';
  return { key, detail: error.message };
}

/** The bad rows as a CSV the reader can open beside their file: line, column, reason. */
export function errorsCsv(errors: readonly RowError[], reason: (error: RowError) => string, heading: readonly [string, string, string]): string {
  const rows = [heading, ...errors.map((e) => [String(e.line), e.field, reason(e)] as const)];
  return `\uFEFF${rows.map((r) => r.map(csvField).join(',')).join('\r\n')}\r\n`;
}

export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}
