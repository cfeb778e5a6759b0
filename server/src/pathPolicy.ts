/**
 * Which paths the analyses may touch, as pure string tests (no file system access), shared by the guarded
 * reader and the rules that decide whether a path named in a config can be checked at all.
 */
import { isAbsolute, relative, sep } from 'node:path';

/**
 * A path that names another machine (`//host/share`, `\\host\share`) or a Windows device namespace
 * (`\\.\pipe\x`, `\\?\UNC\...`): touching it, even to check that it exists, would contact that host.
 */
export function isNetworkPath(path: string): boolean {
  return /^[\\/]{2}/.test(path);
}

/** Kernel and device trees whose "files" are endless, blocking or secret (/proc/self/environ, /dev/zero). */
const SPECIAL_TREES = ['/proc', '/sys', '/dev'];

/** Whether a resolved (real) path lies in /proc, /sys or /dev. */
export function isSpecialPath(realPath: string): boolean {
  return SPECIAL_TREES.some((tree) => realPath === tree || realPath.startsWith(`${tree}/`));
}

/** Whether `path` is `root` or lies below it (both absolute and already resolved). */
export function isInside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel));
}
