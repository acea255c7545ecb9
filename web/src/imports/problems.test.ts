import { describe, expect, it } from 'vitest';
import { HttpRefusal, type Refusal } from '../api/refusal';
import { translate } from '../i18n';
import { errorsCsv, explainRequest, explainRow } from './problems';
import { templateCsv } from './templates';

const refusal = (message: string, field = 'file') => ({ code: 'INVALID', field, message });
const explain = (status: number, body?: Refusal) => explainRequest(new HttpRefusal(status, body));

describe('explainRequest', () => {
  it('names the missing column of a wrong heading in plain words', () => {
    const explained = explain(400, refusal('file: the heading row lacks the column(s) kind; it needs code, name, kind, parent_code.'));
    expect(explained.key).toBe('import.problem.header');
    expect(translate('vi', explained.key, explained.params)).toBe(
      'Dòng tiêu đề (dòng 1) thiếu cột: kind. Tệp cần có các cột: code, name, kind, parent_code.',
    );
    expect(explained.detail).toContain('lacks the column(s) kind');
  });

  it('tells an unreadable, empty or too long file apart', () => {
    expect(explain(400, refusal('file: the file cannot be read as XLSX (End of Central Directory record could not be found).')).key).toBe('import.problem.unreadable');
    expect(explain(400, refusal('file: there is no row under the heading; it needs the columns team, name, phone.')).key).toBe('import.problem.empty');
    const rows = explain(400, refusal('file: at most 50000 rows per import; send the rest in another file.'));
    expect([rows.key, rows.params]).toEqual(['import.problem.tooManyRows', { rows: '50000' }]);
    expect(explain(400, refusal('file: an import file holds at most 20 MB.')).key).toBe('import.problem.tooLarge');
  });

  it('answers by status when there is no refusal to read', () => {
    expect(explain(0).key).toBe('import.problem.network');
    expect(explainRequest(new TypeError('Failed to fetch')).key).toBe('import.problem.network');
    expect(explain(401).key).toBe('import.problem.signedOut');
    expect(explain(403).key).toBe('import.problem.forbidden');
    expect(explain(413).key).toBe('import.problem.tooLarge');
    expect(explain(415).key).toBe('import.problem.fileType');
    expect(explain(502)).toEqual({ key: 'import.problem.server', params: { status: 502 } });
  });

  it('keeps what the access check named as the detail of a refused role', () => {
    const message = "kind: /import/units is outside what this account's role and units may reach.";
    const explained = explain(403, { code: 'FORBIDDEN', field: 'kind', message });
    expect(explained).toEqual({ key: 'import.problem.forbidden', detail: message });
    expect(translate('vi', explained.key)).toBe('Tài khoản của bạn không được nhập loại dữ liệu này.');
    expect(translate('vi', 'common.detail', { message: explained.detail! })).toBe(`Chi tiết từ máy chủ: ${message}`);
  });

  it('never loses the server’s words for an unknown refusal', () => {
    expect(explain(400, refusal("mode 'SOME' is not an import mode", 'mode'))).toEqual({
      key: 'import.problem.refused',
      detail: "mode 'SOME' is not an import mode",
    });
  });
});

describe('explainRow', () => {
  it('gives a reason by column and code, falling back to the code alone', () => {
    expect(explainRow({ line: 4, field: 'kind', code: 'INVALID', message: "kind 'làng' is not a unit kind" }).key).toBe('import.row.kind.invalid');
    expect(explainRow({ line: 5, field: 'branch', code: 'INVALID', message: 'branch is too long' }).key).toBe('import.row.invalid');
    expect(explainRow({ line: 6, field: 'parent_code', code: 'FORBIDDEN', message: 'outside' }).key).toBe('import.row.forbidden');
    expect(explainRow({ line: 7, field: 'x', code: 'SOMETHING', message: 'm' })).toEqual({ key: 'import.row.refused', detail: 'm' });
  });
});

describe('errorsCsv', () => {
  it('lists the bad rows with a byte-order mark and quotes what needs it', () => {
    const csv = errorsCsv([{ line: 4, field: 'kind', code: 'INVALID', message: 'm' }], () => 'Sai loại, xem "mẫu"', ['Dòng', 'Cột', 'Lý do']);
    expect(csv).toBe('\uFEFFDòng,Cột,Lý do\r\n4,kind,"Sai loại, xem ""mẫu"""\r\n');
  });
});

describe('templateCsv', () => {
  it('has the heading the server needs and one Vietnamese example row', () => {
    const units = templateCsv('units').replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(units).toEqual(['code,name,kind,parent_code', '10210,Xã Cự Khê,xã,278']);
    const volunteers = templateCsv('volunteers').replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(volunteers[0]).toBe('team,name,phone,branch');
    expect(volunteers[1]).toMatch(/^t-[a-z0-9]+,Nguyễn Thị Lan,0\d{9},/);
    expect(templateCsv('units').startsWith('\uFEFF')).toBe(true);
  });
});
