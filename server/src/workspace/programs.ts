/**
 * Which files run together. Application code is one program (its publishers and subscribers meet at run
 * time); a test file or an example is a program of its own: the clients of two test files or of two
 * examples are never connected at the same time, so a check that ties them together reports a mistake
 * nobody made. Pure: decided from the file's path inside its workspace folder.
 */

/** Folders of tests and examples: what lies in them is not the application. */
const SEPARATE_FOLDERS: ReadonlySet<string> = new Set([
  'test',
  'tests',
  '__tests__',
  'spec',
  'specs',
  'example',
  'examples',
  'sample',
  'samples',
  'demo',
  'demos',
  'testing',
  'testdata',
  'e2e',
  'fixture',
  'fixtures',
  'doc',
  'docs',
  'tutorial',
  'tutorials',
  'bench',
  'benchmark',
  'benchmarks',
]);

/**
 * Files that run on their own: test files by the naming conventions of the test runners (pytest, go test,
 * jest/mocha, JUnit, xUnit) and example, sample or demo programs named so.
 */
const TEST_FILE =
  /^(?:test_.+|conftest)\.py$|_test\.(?:go|py)$|[._-](?:test|spec)\.[cm]?[jt]sx?$|[a-z0-9_]Tests?\.(?:java|cs|kt)$|^(?:examples?|samples?|demos?)(?:[-_.][^/]*)?\.[A-Za-z0-9]+$/;

/** A test or example folder, also as a .NET/Java project suffix: `MQTTnet.Tests`, `Foo.Benchmarks`. */
function isSeparateFolder(name: string): boolean {
  const lower = name.toLowerCase();
  const dot = lower.lastIndexOf('.');
  return SEPARATE_FOLDERS.has(lower) || (dot > 0 && SEPARATE_FOLDERS.has(lower.slice(dot + 1)));
}

/** A file's path inside the longest workspace folder (`roots`: URIs ending in `/`) that holds it, as URI segments. */
function segmentsOf(uri: string, roots: readonly string[]): { root: string; parts: string[] } {
  let root = '';
  for (const r of roots) if (uri.startsWith(r) && r.length > root.length) root = r;
  return { root, parts: uri.slice(root.length).split('/') };
}

/**
 * The program a file belongs to: undefined for application code (the workspace is one program), else a
 * key shared only by files that run together: a test file by itself; in a test or example folder, each
 * file directly inside it by itself, and each subfolder (one multi-file example) as a whole.
 */
export function programOf(uri: string, roots: readonly string[]): string | undefined {
  const { root, parts } = segmentsOf(uri, roots);
  if (TEST_FILE.test(parts[parts.length - 1] ?? '')) return uri;
  // Only folders inside the workspace count: a checkout under ~/test/ is still an application.
  const i = parts.findIndex((part, j) => j < parts.length - 1 && isSeparateFolder(part));
  if (i === -1) return undefined;
  return i === parts.length - 2 ? uri : root + parts.slice(0, i + 2).join('/');
}

/**
 * Whether a file is a test, an example or a fixture (by its name or a folder inside the workspace): there a
 * broker open to anonymous clients or a client without reconnect is most often on purpose, and its warnings
 * are shown as informations. `insideWorkspace` says whether a folder lies in the workspace.
 */
export function isTestOrExample(path: string, insideWorkspace: (folder: string) => boolean): boolean {
  const parts = path.split(/[\\/]/);
  if (TEST_FILE.test(parts[parts.length - 1] ?? '')) return true;
  for (let i = parts.length - 2; i > 0; i--)
    if (isSeparateFolder(parts[i]!) && insideWorkspace(parts.slice(0, i + 1).join('/'))) return true;
  return false;
}
