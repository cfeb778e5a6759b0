/** The suite run against the extension under development (extensionDevelopmentPath). */
import { runSuite } from '../runSuite';

export function run(): Promise<void> {
  return runSuite(__dirname);
}
