import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { idsOf, runAs, ToolFailed } from './run-as.ts';
import { BackupError } from './errors.ts';

/** Where PostgreSQL's programs are and which operating-system user runs them. */
export interface PostgresInstall { binDir: string; osUser: string }

export type Settings = Record<string, string | number | boolean>;

/**
 * A throwaway PostgreSQL instance in a private directory owned by the PostgreSQL user: a restored
 * copy for a drill, or a fresh cluster for a test. It listens on a socket in that directory only
 * (no TCP port), and trusts only connections through it, so nothing else on the host reaches the copy.
 */
export class ScratchCluster {
  /** The instances this process has made and not yet destroyed: a stopped drill still removes its copy. */
  private static readonly live = new Set<ScratchCluster>();

  private constructor(readonly install: PostgresInstall, readonly root: string, private readonly owner: { uid: number; gid: number }) {}

  /** The cluster's role with the most rights: initdb names it after the user, as Debian's clusters are. */
  get role(): string { return this.install.osUser; }
  get dataDir(): string { return path.join(this.root, 'data'); }
  get socketDir(): string { return path.join(this.root, 'socket'); }
  get logFile(): string { return path.join(this.root, 'postgres.log'); }
  /** PostgreSQL names its socket after the port; with no TCP listener the port only has to be one number. */
  get port(): number { return 5432; }

  /** An empty place for a cluster: `<parent>/hanaro-pg-XXXXXX/{data,socket}`, mode 0700, owned by the PostgreSQL user. */
  static async prepare(install: PostgresInstall, parentDir: string): Promise<ScratchCluster> {
    const owner = await idsOf(install.osUser);
    const root = fs.mkdtempSync(path.join(parentDir, 'hanaro-pg-'));
    const cluster = new ScratchCluster(install, root, owner);
    ScratchCluster.live.add(cluster);
    for (const dir of [root, cluster.dataDir, cluster.socketDir]) {
      fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
      cluster.own(dir);
    }
    return cluster;
  }

  /** A new, empty cluster (UTF-8, C.UTF-8 collation, trust on the private socket) with `settings` on top. */
  async initdb(settings: Settings = {}): Promise<void> {
    await this.run('initdb', ['-D', this.dataDir, '--auth=trust', `--username=${this.role}`, '--encoding=UTF8', '--locale=C.UTF-8', '--no-sync', '--no-instructions']);
    await this.configure(settings);
  }

  /**
   * Writes `settings` last in postgresql.auto.conf, after the cluster's own ones, with the private
   * socket, no TCP, and an access file of its own: a restored data directory may bring a
   * configuration written for another host, or none at all (Debian keeps it in /etc).
   */
  async configure(settings: Settings = {}): Promise<void> {
    const hba = path.join(this.root, 'pg_hba.conf');
    const ident = path.join(this.root, 'pg_ident.conf');
    this.write(hba, `local all ${this.role} trust\n`);
    this.write(ident, '');
    const conf = path.join(this.dataDir, 'postgresql.conf');
    if (!fs.existsSync(conf)) this.write(conf, '');
    const all: Settings = {
      port: this.port, listen_addresses: '', unix_socket_directories: this.socketDir, hba_file: hba, ident_file: ident,
      ssl: 'off', external_pid_file: '', logging_collector: 'off', ...settings,
    };
    const lines = Object.entries(all).map(([key, value]) => `${key} = '${String(value).replaceAll("'", "''")}'`);
    const auto = path.join(this.dataDir, 'postgresql.auto.conf');
    fs.appendFileSync(auto, `\n# hanaro scratch instance\n${lines.join('\n')}\n`);
    this.own(auto);
  }

  async start(): Promise<void> {
    try {
      await this.run('pg_ctl', ['start', '-D', this.dataDir, '-l', this.logFile, '-w', '-t', '86400', '-s']);
    } catch (err) {
      if (!(err instanceof ToolFailed)) throw err;
      throw new ScratchClusterStopped(this.logTail());
    }
  }

  /** True while the server process is up (PostgreSQL removes postmaster.pid when it stops, after a FATAL too). */
  isRunning(): boolean {
    return fs.existsSync(path.join(this.dataDir, 'postmaster.pid'));
  }

  async stop(): Promise<void> {
    if (this.isRunning()) await this.run('pg_ctl', ['stop', '-D', this.dataDir, '-m', 'fast', '-w', '-s']);
  }

  /** Stops the server and removes every file: the restored copy of the data must not stay behind. */
  async destroy(): Promise<void> {
    try {
      await this.stop();
    } finally {
      fs.rmSync(this.root, { recursive: true, force: true, maxRetries: 5 });
      ScratchCluster.live.delete(this);
    }
  }

  static async destroyAll(): Promise<void> {
    await Promise.allSettled([...ScratchCluster.live].map((c) => c.destroy()));
  }

  url(database: string): string {
    return `postgres://${this.role}@localhost:${this.port}/${encodeURIComponent(database)}?host=${encodeURIComponent(this.socketDir)}`;
  }

  /** One statement on a connection of its own. */
  async query<Row>(text: string, database = 'postgres'): Promise<Row[]> {
    const client = new pg.Client({ connectionString: this.url(database) });
    await client.connect();
    try {
      return (await client.query(text)).rows as Row[];
    } finally {
      await client.end();
    }
  }

  logTail(lines = 30): string {
    const text = fs.existsSync(this.logFile) ? fs.readFileSync(this.logFile, 'utf8') : '';
    return text.trimEnd().split('\n').slice(-lines).join('\n');
  }

  private run(program: string, args: string[]) {
    return runAs(this.install.osUser, path.join(this.install.binDir, program), args);
  }

  private write(file: string, text: string): void {
    fs.writeFileSync(file, text, { mode: 0o600 });
    this.own(file);
  }

  private own(file: string): void {
    fs.chownSync(file, this.owner.uid, this.owner.gid);
  }
}

/** The server stopped, or never started; `log` is the end of its log, which says why. */
export class ScratchClusterStopped extends BackupError {
  constructor(readonly log: string) {
    super('restore_failed', `The scratch PostgreSQL instance stopped:\n${log}`);
  }
}
