/**
 * Files that are tests, examples, samples, demos or documentation rather than a program that runs for
 * long: each runs on its own, briefly, so what they share (a client id) cannot collide with another file.
 * Judged from the path alone: a folder such as `test/`, `examples/`, `docs/`, or a name such as
 * `test_x.py`, `x_test.go`, `x.spec.ts`, `FooTest.java`, `example.c`.
 */

const FOLDER =
  /^(?:tests?|__tests__|testing|testdata|spec|specs|e2e|fixtures?|examples?|samples?|demos?|docs?|tutorials?|benchmarks?|bench)$/i;
const NAME =
  /^(?:tests?|conftest|test_.*|.*_test|.*[._-](?:test|spec)|.*[a-z0-9]Tests?|(?:examples?|samples?|demos?)(?:[-_.].*)?)\.[A-Za-z0-9]+$/;

/** Whether a file URI or path names a test, example, sample, demo or documentation file. */
export function isTestOrExample(uriOrPath: string): boolean {
  let path = uriOrPath.replace(/^[a-z][a-z0-9+.-]*:\/\/[^/]*/i, '');
  try {
    path = decodeURIComponent(path);
  } catch {
    // a malformed escape: judge the path as written
  }
  const parts = path.split(/[\\/]/).filter(Boolean);
  const name = parts.pop() ?? '';
  return parts.some((p) => FOLDER.test(p)) || NAME.test(name);
}
