/** The suite run against the packaged VSIX, installed into VS Code's extensions folder. */
import { runSuite } from '../runSuite';

export function run(): Promise<void> {
  return runSuite(__dirname);
}
