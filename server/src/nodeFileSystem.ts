import * as fs from 'node:fs';
import type { FileSystemView } from './types';

/** The real file system, for the server and the CLI. Never throws. */
export const nodeFileSystem: FileSystemView = {
  exists: (path) => fs.existsSync(path),
  isDirectory(path) {
    try {
      return fs.statSync(path).isDirectory();
    } catch {
      return false;
    }
  },
  readDirectory(path) {
    try {
      return fs.readdirSync(path);
    } catch {
      return undefined;
    }
  },
  readFile(path) {
    try {
      return fs.readFileSync(path, 'utf8');
    } catch {
      return undefined;
    }
  },
};
