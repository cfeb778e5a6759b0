/** The suite run in Restricted Mode: workspace trust on, the folder not trusted. */
import { runSuite } from '../runSuite';

export function run(): Promise<void> {
  return runSuite(__dirname);
}
