import { describe, expect, it } from 'vitest';
import { fetchFile, filenameOf, saveFile, textFile } from './download';
import { HttpRefusal } from './refusal';

describe('filenameOf', () => {
  it('prefers the UTF-8 name, then the plain one', () => {
    expect(filenameOf(`attachment; filename=bao-cao.csv; filename*=UTF-8''b%C3%A1o-c%C3%A1o.csv`)).toBe('báo-cáo.csv');
    expect(filenameOf('attachment; filename="bao cao.xlsx"')).toBe('bao cao.xlsx');
    expect(filenameOf('attachment; filename=bao-cao-c-1.csv')).toBe('bao-cao-c-1.csv');
    expect(filenameOf('inline')).toBeUndefined();
    expect(filenameOf(null)).toBeUndefined();
  });
});

describe('fetchFile', () => {
  it('returns the bytes with the server’s name, or the fallback', async () => {
    const withName = async () =>
      new Response('Báo cáo cuối ngày,X', { headers: { 'Content-Disposition': 'attachment; filename=bao-cao.csv' } });
    const file = await fetchFile('/reports/c-1.csv', 'fallback.csv', withName);
    expect(file.filename).toBe('bao-cao.csv');
    expect(await file.blob.text()).toBe('Báo cáo cuối ngày,X');
    expect((await fetchFile('/reports/c-1/progress.svg', 'tien-do.svg', async () => new Response('<svg/>'))).filename).toBe('tien-do.svg');
  });

  it('throws the status and the refusal instead of saving an error page', async () => {
    const refused = async () => new Response(JSON.stringify({ error: { code: 'INVALID', field: 'lang', message: "lang 'fr'" } }), { status: 400 });
    const error = (await fetchFile('/reports/c-1.csv?lang=fr', 'x.csv', refused).catch((e: unknown) => e)) as HttpRefusal;
    expect(error).toBeInstanceOf(HttpRefusal);
    expect([error.status, error.refusal?.field]).toEqual([400, 'lang']);
    const forbidden = (await fetchFile('/reports/c-1.csv', 'x.csv', async () => new Response(null, { status: 403 })).catch((e: unknown) => e)) as HttpRefusal;
    expect([forbidden.status, forbidden.refusal]).toEqual([403, undefined]);
  });
});

describe('saveFile', () => {
  it('clicks a hidden link to an object URL named for the download', () => {
    const clicked: { href: string; download: string }[] = [];
    const appended: unknown[] = [];
    const link = {
      href: '',
      download: '',
      rel: '',
      style: { display: '' },
      click() {
        clicked.push({ href: this.href, download: this.download });
      },
      remove() {
        appended.pop();
      },
    };
    const doc = { createElement: () => link, body: { appendChild: (node: unknown) => appended.push(node) } } as unknown as Document;
    saveFile(textFile('code,name\r\n', 'mau.csv'), doc);
    expect(clicked).toHaveLength(1);
    expect(clicked[0]!.download).toBe('mau.csv');
    expect(clicked[0]!.href).toMatch(/^blob:/);
    expect(appended).toHaveLength(0);
  });
});
