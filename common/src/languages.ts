/**
 * The one list of what MQTT Workbench reads: language ids, file names and extensions, and the file
 * watcher glob derived from them. The client (document selector, watcher), the language server
 * (dispatch) and the CLI (folder search) all read it here, so they cannot disagree.
 */

/** Language id of mosquitto.conf documents. */
export const CONF_LANGUAGE = 'mosquitto-conf';
/** Language id of mosquitto ACL files. */
export const ACL_LANGUAGE = 'mosquitto-acl';

/** Source languages sharing one lexer: the family decides comments, strings and call syntax. */
export type LanguageFamily = 'js' | 'python' | 'go' | 'c' | 'java' | 'csharp' | 'rust';

/** VS Code language ids whose MQTT topics are checked, with their lexer family. */
export const SOURCE_LANGUAGES: Readonly<Record<string, LanguageFamily>> = {
  javascript: 'js',
  javascriptreact: 'js',
  typescript: 'js',
  typescriptreact: 'js',
  python: 'python',
  go: 'go',
  c: 'c',
  cpp: 'c',
  arduino: 'c',
  java: 'java',
  csharp: 'csharp',
  rust: 'rust',
};

/** Source file extensions searched in folders, with the language id VS Code gives them. */
export const SOURCE_EXTENSIONS: Readonly<Record<string, string>> = {
  '.js': 'javascript',
  '.mjs': 'javascript',
  '.cjs': 'javascript',
  '.jsx': 'javascriptreact',
  '.ts': 'typescript',
  '.mts': 'typescript',
  '.cts': 'typescript',
  '.tsx': 'typescriptreact',
  '.py': 'python',
  '.go': 'go',
  '.c': 'c',
  '.h': 'c',
  '.cc': 'cpp',
  '.cpp': 'cpp',
  '.cxx': 'cpp',
  '.hpp': 'cpp',
  '.hh': 'cpp',
  '.ino': 'cpp',
  '.java': 'java',
  '.cs': 'csharp',
  '.rs': 'rust',
};

/** File names that are mosquitto ACL files whatever their folder (besides `*.acl`). */
export const ACL_FILE_NAMES: readonly string[] = ['aclfile', 'acl_file', 'mosquitto.acl'];

/** The three kinds of document the analyses read. */
export type DocumentKind = 'conf' | 'acl' | 'code';

/** Which analysis reads a document of this language id, if any. */
export function documentKindOf(languageId: string): DocumentKind | undefined {
  if (languageId === CONF_LANGUAGE) return 'conf';
  if (languageId === ACL_LANGUAGE) return 'acl';
  return Object.hasOwn(SOURCE_LANGUAGES, languageId) ? 'code' : undefined;
}

/** The lexer family of a source language id. */
export function familyOf(languageId: string): LanguageFamily | undefined {
  return Object.hasOwn(SOURCE_LANGUAGES, languageId) ? SOURCE_LANGUAGES[languageId] : undefined;
}

/**
 * The language id a file on disk is read as, from its path (`/` or `\` separated), or undefined.
 * A `*.conf` is a mosquitto config when named `mosquitto.conf`, when it lies under a `conf.d` or
 * `mosquitto*` folder, or when it was named explicitly (`explicit`, e.g. on the command line).
 */
export function languageOfPath(path: string, explicit = false): string | undefined {
  const parts = path.split(/[\\/]/);
  const base = parts[parts.length - 1] ?? '';
  if (base === 'mosquitto.conf') return CONF_LANGUAGE;
  if (base.endsWith('.acl') || ACL_FILE_NAMES.includes(base)) return ACL_LANGUAGE;
  if (base.endsWith('.conf')) {
    const folders = parts.slice(0, -1);
    return explicit || folders.some((p) => p === 'conf.d' || p.startsWith('mosquitto')) ? CONF_LANGUAGE : undefined;
  }
  if (base.endsWith('.min.js')) return undefined;
  const dot = base.lastIndexOf('.');
  if (dot <= 0) return undefined;
  const extension = base.slice(dot);
  return Object.hasOwn(SOURCE_EXTENSIONS, extension) ? SOURCE_EXTENSIONS[extension] : undefined;
}

/**
 * Files whose changes matter to the server: configs and ACL files, the files a config names (password
 * files, certificates and keys), and every source extension above.
 */
export const WATCHER_GLOB = `**/{${['*.conf', '*.acl', ...ACL_FILE_NAMES, '*passwd*', '*.pem', '*.crt', '*.key', ...Object.keys(SOURCE_EXTENSIONS).map((e) => `*${e}`)].join(',')}}`;
