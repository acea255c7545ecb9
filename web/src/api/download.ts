import { HttpRefusal, readRefusal } from './refusal';
import { session } from './session';

// Reports and the like need the Bearer token, which a plain <a href> cannot send (the server
// would answer 401). So the page fetches the file itself and hands it to the browser as a Blob.

export type Fetch = (input: RequestInfo | URL, init?: RequestInit) => Promise<Response>;

/** A fetched file: its bytes and the name the server suggested (Content-Disposition), else `fallback`. */
export interface FetchedFile {
  blob: Blob;
  filename: string;
}

/**
 * The file name of a Content-Disposition header: RFC 5987's `filename*=UTF-8''…` first (it can
 * carry Vietnamese letters), then the plain `filename=`.
 */
export function filenameOf(disposition: string | null | undefined): string | undefined {
  if (!disposition) return undefined;
  const extended = /filename\*\s*=\s*([^']*)'[^']*'([^;]+)/i.exec(disposition);
  if (extended?.[2]) {
    try {
      return decodeURIComponent(extended[2].trim());
    } catch {
      // A malformed escape: fall through to the plain name.
    }
  }
  const plain = /filename\s*=\s*("((?:[^"\\]|\\.)*)"|[^;]+)/i.exec(disposition);
  if (!plain) return undefined;
  const name = plain[2] !== undefined ? plain[2].replace(/\\(.)/g, '$1') : plain[1]!.trim();
  return name || undefined;
}

/** GETs a file with the session's token; throws HttpRefusal when the answer is not a file. */
export async function fetchFile(url: string, fallback: string, doFetch: Fetch = (i, init) => session.fetch(i, init)): Promise<FetchedFile> {
  const response = await doFetch(url, { method: 'GET' });
  if (!response.ok) throw new HttpRefusal(response.status, await readRefusal(response));
  return { blob: await response.blob(), filename: filenameOf(response.headers.get('Content-Disposition')) ?? fallback };
}

/**
 * Hands a Blob to the browser as a download: an object URL on a temporary link with `download`.
 * The URL is revoked a minute later, so the memory is given back.
 */
export function saveFile({ blob, filename }: FetchedFile, doc: Document = document): void {
  const url = URL.createObjectURL(blob);
  const link = doc.createElement('a');
  link.href = url;
  link.download = filename;
  link.rel = 'noopener';
  link.style.display = 'none';
  doc.body.appendChild(link);
  link.click();
  link.remove();
  // Revoked later, not at once: the browser reads the Blob after the click has returned.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** Text as a downloadable file, made in the browser (the import templates). */
export function textFile(text: string, filename: string, type = 'text/csv;charset=utf-8'): FetchedFile {
  return { blob: new Blob([text], { type }), filename };
}
