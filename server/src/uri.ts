import { fileURLToPath, pathToFileURL } from 'node:url';

/** The two URI conversions the server needs, for `file:` URIs only. */
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
  fromFsPath(path: string): string {
    return pathToFileURL(path).toString();
  },
};
