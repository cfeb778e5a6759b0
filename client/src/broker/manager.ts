/**
 * The broker connections of a window: one connection and one topic tree per connected profile. It owns
 * them (explicit lifetimes: `dispose()` leaves nothing running) and says when anything changed. No
 * `vscode` import: secrets and files come through `resources`.
 */
import { type TopicTree, TopicTree as Tree } from '../core/topicTree';
import { BrokerConnection, type ConnectionOptions, type StateChange, type Subscription } from './connection';
import { type BrokerProfile, connectionOptions } from './profiles';

export interface ManagerResources {
  /** The profile's password (SecretStorage), asking the user when none is stored. */
  password(profile: BrokerProfile): Promise<string | undefined>;
  /** The passphrase of the profile's encrypted client key (SecretStorage), asking when none is stored. */
  passphrase?(profile: BrokerProfile): Promise<string | undefined>;
  readFile(path: string): Promise<Uint8Array>;
}

interface Live {
  profile: BrokerProfile;
  connection: BrokerConnection;
  tree: TopicTree;
  subscriptions: { dispose(): void }[];
}

/** The user dismissed a prompt the operation needed (password, passphrase). */
export class Cancelled extends Error {}

export type ChangeKind = 'state' | 'messages' | 'profiles' | 'subscriptions';

export class BrokerManager {
  private profileList: BrokerProfile[] = [];
  private readonly live = new Map<string, Live>();
  private readonly connecting = new Map<string, Promise<StateChange>>();
  private readonly listeners = new Set<(name: string | undefined, kind: ChangeKind) => void>();

  constructor(
    private readonly resources: ManagerResources,
    private readonly makeConnection: (options: ConnectionOptions) => BrokerConnection = (o) => new BrokerConnection(o),
  ) {}

  get profiles(): readonly BrokerProfile[] {
    return this.profileList;
  }

  profile(name: string): BrokerProfile | undefined {
    return this.profileList.find((p) => p.name === name);
  }

  /** New settings: profiles that are gone (or changed) are disconnected. */
  async setProfiles(profiles: BrokerProfile[]): Promise<void> {
    // The new list applies at once (a later change must not be overtaken by this one's disconnects).
    this.profileList = profiles;
    const next = new Map(profiles.map((p) => [p.name, p]));
    const gone = [...this.live].filter(([name, live]) => {
      const now = next.get(name);
      return !now || JSON.stringify(now) !== JSON.stringify(live.profile);
    });
    this.fire(undefined, 'profiles');
    await Promise.all(gone.map(([name]) => this.disconnect(name)));
  }

  onDidChange(listener: (name: string | undefined, kind: ChangeKind) => void): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  state(name: string): StateChange {
    return this.live.get(name)?.connection.state ?? { state: 'disconnected' };
  }

  tree(name: string): TopicTree | undefined {
    return this.live.get(name)?.tree;
  }

  connection(name: string): BrokerConnection | undefined {
    return this.live.get(name)?.connection;
  }

  /** Connected or connecting profiles, in profile order. */
  get active(): BrokerProfile[] {
    return this.profileList.filter((p) => this.live.has(p.name));
  }

  /** The profiles connected now. */
  get connected(): BrokerProfile[] {
    return this.active.filter((p) => this.state(p.name).state === 'connected');
  }

  /** Connect a profile; `override.clientId` replaces its client id for this connection (after a takeover). */
  async connect(name: string, override: { clientId?: string } = {}): Promise<StateChange> {
    // Two quick Connects share one attempt (a second connection would fight the first for the client id).
    const started = this.connecting.get(name);
    if (started) return started;
    const attempt = this.connectOnce(name, override).finally(() => this.connecting.delete(name));
    this.connecting.set(name, attempt);
    return attempt;
  }

  private async connectOnce(name: string, override: { clientId?: string }): Promise<StateChange> {
    const profile = this.profile(name);
    if (!profile) throw new Error(`no broker profile named "${name}"`);
    const existing = this.live.get(name);
    if (existing && existing.connection.state.state !== 'failed') return existing.connection.state;
    if (existing) await this.disconnect(name);
    let options: ConnectionOptions;
    try {
      options = await this.options(profile);
    } catch (error) {
      // The user closed the password (or passphrase) prompt: nothing to connect with, nothing to report.
      if (error instanceof Cancelled) return { state: 'disconnected' };
      throw error;
    }
    const connection = this.makeConnection({ ...options, ...override });
    const tree = new Tree();
    const live: Live = { profile, connection, tree, subscriptions: [] };
    live.subscriptions.push(
      connection.onState(() => this.fire(name, 'state')),
      connection.onGrants(() => this.fire(name, 'subscriptions')),
      // A batch is one read of the socket (see BrokerConnection): into the model at once, while it is young.
      connection.onMessages((batch) => {
        tree.ingest(batch);
        this.fire(name, 'messages');
      }),
    );
    this.live.set(name, live);
    try {
      await connection.connect();
    } catch (error) {
      await this.disconnect(name);
      throw error;
    }
    return connection.state;
  }

  /** Subscribe a connected broker to one more filter; resolves with the grant (see BrokerConnection.subscribe). */
  async subscribe(name: string, subscription: Subscription): Promise<number | undefined> {
    const connection = this.connection(name);
    if (!connection) throw new Error(`${name} is not connected`);
    const granted = await connection.subscribe(subscription);
    this.fire(name, 'subscriptions');
    return granted;
  }

  async unsubscribe(name: string, topic: string): Promise<void> {
    await this.connection(name)?.unsubscribe(topic);
    this.fire(name, 'subscriptions');
  }

  /** A profile's connection options, secrets and files read (asking for the password when none is stored). */
  async options(profile: BrokerProfile): Promise<ConnectionOptions> {
    const password = profile.username !== undefined ? await this.resources.password(profile) : undefined;
    if (profile.username !== undefined && password === undefined) throw new Cancelled('no password given');
    const { passphrase } = this.resources;
    return connectionOptions(profile, {
      ...(password !== undefined ? { password } : {}),
      ...(passphrase
        ? {
            passphrase: async () => {
              const given = await passphrase(profile);
              if (given === undefined) throw new Cancelled('no passphrase given');
              return given;
            },
          }
        : {}),
      readFile: (path) => this.resources.readFile(path),
    });
  }

  async disconnect(name: string): Promise<void> {
    const live = this.live.get(name);
    if (!live) return;
    this.live.delete(name);
    // Listeners first: the connection's last batch must not schedule another drain.
    for (const s of live.subscriptions) s.dispose();
    await live.connection.disconnect();
    this.fire(name, 'state');
  }

  async dispose(): Promise<void> {
    await Promise.all([...this.live.keys()].map((name) => this.disconnect(name)));
    this.listeners.clear();
  }

  private fire(name: string | undefined, kind: ChangeKind): void {
    for (const listener of this.listeners) listener(name, kind);
  }
}
