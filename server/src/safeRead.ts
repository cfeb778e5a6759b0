/**
 * The one guarded way to read a file. A repository can hold links to /proc/self/environ or /dev/zero,
 * FIFOs named like configs, and files of any size; a read here never blocks, never reads more than a cap,
 * never follows a link out of the places it may read, and never throws.
 */
import * as fs from 'node:fs';
import { isNetworkPath, isSpecialPath } from './pathPolicy';

/** Files larger than this are not read (configs, ACL files and source files are far smaller). */
export const DEFAULT_MAX_FILE_BYTES = 8 * 1024 * 1024;

export interface ReadGuard {
  /** Largest file read, in bytes; a larger one reads as undefined. */
  maxBytes?: number;
  /** Whether the file, at its resolved (real) path, may be read at all: the roots it must lie in. */
  allowed?: (realPath: string) => boolean;
}

const isWindows = process.platform === 'win32';

// O_NONBLOCK: opening a FIFO without a writer returns at once instead of waiting forever.
// O_NOFOLLOW: the resolved path's last component cannot have been swapped for a link since.
// Windows has neither (its constants lack them, whatever the types say).
const constants: Partial<typeof fs.constants> = fs.constants;
const OPEN_FLAGS = fs.constants.O_RDONLY | (constants.O_NONBLOCK ?? 0) | (constants.O_NOFOLLOW ?? 0);

/** Whether a resolved path may be read: not a network path, nothing in /proc, /sys, /dev, and allowed. */
function permitted(real: string, guard: ReadGuard): boolean {
  if (isNetworkPath(real)) return false;
  if (!isWindows && isSpecialPath(real)) return false;
  return guard.allowed ? guard.allowed(real) : true;
}

/** The path with every link resolved, when it may be read; undefined otherwise. Never throws. */
export function readablePath(path: string, guard: ReadGuard = {}): string | undefined {
  if (isNetworkPath(path)) return undefined;
  try {
    const real = fs.realpathSync(path);
    return permitted(real, guard) ? real : undefined;
  } catch {
    return undefined;
  }
}

async function readablePathAsync(path: string, guard: ReadGuard): Promise<string | undefined> {
  if (isNetworkPath(path)) return undefined;
  try {
    const real = await fs.promises.realpath(path);
    return permitted(real, guard) ? real : undefined;
  } catch {
    return undefined;
  }
}

function closeQuietly(fd: number | undefined): void {
  try {
    if (fd !== undefined) fs.closeSync(fd);
  } catch {
    // Nothing was written; a failed close loses nothing.
  }
}

/** Reads from an open descriptor until the end or past `max`; undefined when the file holds more than `max`. */
function readAll(fd: number, size: number, max: number): Buffer | undefined {
  const limit = max + 1;
  let buffer = Buffer.allocUnsafe(Math.min(limit, size + 1));
  let length = 0;
  for (;;) {
    if (length === buffer.length) {
      if (buffer.length >= limit) break;
      const grown = Buffer.allocUnsafe(Math.min(limit, buffer.length * 2));
      buffer.copy(grown, 0, 0, length);
      buffer = grown;
    }
    const n = fs.readSync(fd, buffer, length, buffer.length - length, null);
    if (n === 0) break;
    length += n;
  }
  return length > max ? undefined : buffer.subarray(0, length);
}

async function readAllAsync(file: fs.promises.FileHandle, size: number, max: number): Promise<Buffer | undefined> {
  const limit = max + 1;
  let buffer = Buffer.allocUnsafe(Math.min(limit, size + 1));
  let length = 0;
  for (;;) {
    if (length === buffer.length) {
      if (buffer.length >= limit) break;
      const grown = Buffer.allocUnsafe(Math.min(limit, buffer.length * 2));
      buffer.copy(grown, 0, 0, length);
      buffer = grown;
    }
    const { bytesRead } = await file.read(buffer, length, buffer.length - length, null);
    if (bytesRead === 0) break;
    length += bytesRead;
  }
  return length > max ? undefined : buffer.subarray(0, length);
}

/**
 * A regular file's bytes, read from the descriptor that was checked; undefined for anything else: a link
 * out of the allowed places, /proc, /sys, /dev, a FIFO, socket or device, a network path, a file over the
 * cap, or any error.
 */
export function readFileGuarded(path: string, guard: ReadGuard = {}): Buffer | undefined {
  const real = readablePath(path, guard);
  if (real === undefined) return undefined;
  const max = guard.maxBytes ?? DEFAULT_MAX_FILE_BYTES;
  let fd: number | undefined;
  try {
    fd = fs.openSync(real, OPEN_FLAGS);
    const stat = fs.fstatSync(fd);
    if (!stat.isFile() || stat.size > max) return undefined;
    return readAll(fd, stat.size, max);
  } catch {
    return undefined;
  } finally {
    closeQuietly(fd);
  }
}

/** readFileGuarded, without blocking the event loop. */
export async function readFileGuardedAsync(path: string, guard: ReadGuard = {}): Promise<Buffer | undefined> {
  const real = await readablePathAsync(path, guard);
  if (real === undefined) return undefined;
  const max = guard.maxBytes ?? DEFAULT_MAX_FILE_BYTES;
  let file: fs.promises.FileHandle | undefined;
  try {
    file = await fs.promises.open(real, OPEN_FLAGS);
    const stat = await file.stat();
    if (!stat.isFile() || stat.size > max) return undefined;
    return await readAllAsync(file, stat.size, max);
  } catch {
    return undefined;
  } finally {
    await file?.close().catch(() => undefined);
  }
}

/** The first `count` bytes of a regular file (fewer if it is shorter), under the same guard but no size cap. */
export function readHeadGuarded(path: string, count: number, guard: ReadGuard = {}): Buffer | undefined {
  const real = readablePath(path, guard);
  if (real === undefined) return undefined;
  let fd: number | undefined;
  try {
    fd = fs.openSync(real, OPEN_FLAGS);
    if (!fs.fstatSync(fd).isFile()) return undefined;
    const head = Buffer.alloc(count);
    const n = fs.readSync(fd, head, 0, count, 0);
    return head.subarray(0, n);
  } catch {
    return undefined;
  } finally {
    closeQuietly(fd);
  }
}
