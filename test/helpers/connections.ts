/** Driving a BrokerConnection in tests: options for a test broker, waiting for states, messages and conditions. */
import type { BrokerConnection, ConnectionOptions, StateChange } from '../../client/src/broker/connection';
import type { IncomingMessage } from '../../client/src/core/topicTree';
import { testOptions } from './broker';

/** Options for a test broker's connection: subscribed to test/# unless told otherwise. */
export const options = (url: string, more: Partial<ConnectionOptions> = {}): ConnectionOptions =>
  testOptions(url, { subscriptions: [{ topic: 'test/#', qos: 1 }], ...more });

/** Resolves with the first state change that satisfies `predicate` (or the current state). */
export function until(
  connection: BrokerConnection,
  predicate: (s: StateChange) => boolean,
  ms = 10_000,
): Promise<StateChange> {
  if (predicate(connection.state)) return Promise.resolve(connection.state);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      sub.dispose();
      reject(new Error(`state never matched; last: ${JSON.stringify(connection.state)}`));
    }, ms);
    const sub = connection.onState((s) => {
      if (!predicate(s)) return;
      clearTimeout(timer);
      sub.dispose();
      resolve(s);
    });
  });
}

export function collect(connection: BrokerConnection): IncomingMessage[] {
  const all: IncomingMessage[] = [];
  connection.onMessages((batch) => all.push(...batch));
  return all;
}

export async function waitFor(check: () => boolean, ms = 5000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}
