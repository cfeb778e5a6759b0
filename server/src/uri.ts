import { fileURLToPath } from 'node:url';

/*
 * VS Code names a file `URI.file(path).toString()` (the vscode-uri package), and Node's pathToFileURL
 * spells the same file differently: it leaves `+`, `@`, `:`, `!`, `$`, `&`, `'`, `(`, `)`, `*`, `,`, `;`,
 * `=` as they are and keeps a drive letter's case and colon (`file:///C:/x`), where VS Code writes
 * `%2B`, `%40`, `file:///c%3A/x`. One file under two names is two map entries: indexed twice, its client
 * id "also used" by itself. So every URI the server keeps or compares goes through URI.key, which
 * writes VS Code's form. vscode-uri is not a dependency, so its encoding rules are written out here.
 */

/** Characters vscode-uri leaves as they are in a path: RFC 3986 unreserved characters and `/`. */
const PLAIN_IN_PATH = /[A-Za-z0-9\-._~/]/;
const PLAIN_IN_AUTHORITY = /[A-Za-z0-9\-._~[\]:]/;

/** vscode-uri's encodeURIComponentFast: everything but the plain characters as UTF-8 `%XX` (upper-case hex). */
function encode(text: string, plain: RegExp): string {
  let out = '';
  for (const ch of text) {
    if (plain.test(ch)) out += ch;
    else if (ch === "'" || ch === '!' || ch === '(' || ch === ')' || ch === '*')
      out += `%${ch.charCodeAt(0).toString(16).toUpperCase()}`;
    // A lone surrogate has no UTF-8 form (vscode-uri throws); it is written as U+FFFD would be.
    else out += /[\uD800-\uDFFF]/.test(ch) && ch.length === 1 ? '%EF%BF%BD' : encodeURIComponent(ch);
  }
  return out;
}

/** vscode-uri lower-cases a drive letter at the start of a path (`/C:/x` and `C:/x`). */
function lowerDrive(path: string): string {
  if (/^\/[A-Z]:/.test(path)) return `/${path[1]!.toLowerCase()}${path.slice(2)}`;
  if (/^[A-Z]:/.test(path)) return `${path[0]!.toLowerCase()}${path.slice(1)}`;
  return path;
}

/** A `file:` URI from an authority (UNC host, usually empty) and a decoded path, as vscode-uri writes it. */
function format(authority: string, path: string): string {
  const absolute = path.startsWith('/') ? path : `/${path}`;
  return `file://${encode(authority.toLowerCase(), PLAIN_IN_AUTHORITY)}${encode(lowerDrive(absolute), PLAIN_IN_PATH)}`;
}

/** VS Code's URI of a file system path (`URI.file(path).toString()`); `windows` reads `\` as a separator. */
export function fileUri(path: string, windows = process.platform === 'win32'): string {
  let p = windows ? path.replace(/\\/g, '/') : path;
  let authority = '';
  // `//server/share/x` is a UNC path: the server is the authority.
  if (p.startsWith('//')) {
    const slash = p.indexOf('/', 2);
    authority = slash === -1 ? p.slice(2) : p.slice(2, slash);
    p = slash === -1 ? '/' : p.slice(slash) || '/';
  }
  return format(authority, p);
}

/** vscode-uri's graceful decoding: a `%` escape that is not UTF-8 stays as written (`%A0`, `%zz`, a lone `%`). */
function decodeGracefully(text: string): string {
  return text.replace(/(%[0-9A-Za-z][0-9A-Za-z])+/g, function decodeRun(run: string): string {
    try {
      return decodeURIComponent(run);
    } catch {
      return run.length > 3 ? run.slice(0, 3) + decodeRun(run.slice(3)) : run;
    }
  });
}

/**
 * The one form of a URI used as a key anywhere in the server: a `file:` URI as VS Code writes it, however
 * it was spelled (Node's form, upper-case drive, `%2b` or `+`); any other URI as it is.
 */
export function uriKey(uri: string): string {
  // A `file:` URI with a query or fragment is no file's name; it is left alone.
  const m = /^file:\/\/([^/?#]*)([^?#]*)$/i.exec(uri);
  if (!m) return uri;
  return format(decodeGracefully(m[1]!), decodeGracefully(m[2]!));
}

/** The last segment of a URI, decoded for display (a malformed escape stays as written). */
export function fileNameOf(uri: string): string {
  return decodeGracefully(uri.split('/').pop() ?? uri);
}

/** The URI conversions the server needs, for `file:` URIs only. */
export const URI = {
  /** The file system path of a `file:` URI, or undefined for any other scheme. */
  toFsPath(uri: string): string | undefined {
    if (!uri.startsWith('file:')) return undefined;
    try {
      return fileURLToPath(uri);
    } catch {
      return undefined;
    }
  },
  /** The URI of a file system path, in VS Code's form (the same as URI.key of any spelling of it). */
  fromFsPath(path: string): string {
    return fileUri(path);
  },
  /** The key form of any URI: see uriKey. */
  key: uriKey,
};
