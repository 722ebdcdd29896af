import { cleanEnv, port, str, bool, num, url } from 'envalid';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** Configuration, read once from the environment, validated and frozen. Nothing else reads process.env. */
export interface Config {
  port: number;
  host: string;
  /** A PostgreSQL URL; empty means the embedded database under dataDir. */
  databaseUrl: string;
  /** Connections to PostgreSQL per node (DATABASE_POOL_SIZE): each concurrent request in a transaction holds one. */
  databasePoolSize: number;
  dataDir: string;
  /** How old the status page's kept copy may be before the database is asked again (HANARO_STATUS_REFRESH_SECONDS). */
  statusRefreshSeconds: number;
  packDir: string;
  /** Public origin, used in links that leave the page (e-mails, QR codes). */
  publicUrl: string;
  /** Secure cookies need HTTPS, or http://localhost, which browsers treat as secure. */
  secureCookies: boolean;
  logLevel: string;
  sessionIdleMinutes: number;
  sessionAbsoluteHours: number;
  rateLimitPerMinute: number;
  /** Sign-in attempts one address may make in a minute. */
  signInAttemptsPerMinute: number;
  /** smtp:// or smtps:// URL of the outgoing mail server; empty means notices reach the inbox only. */
  smtpUrl: string;
  /** The sender of the platform's mail: `address` or `Name <address>`. */
  mailFrom: string;
  production: boolean;
  /** Derives the key that encrypts e-certificate signing keys at rest (modules/documents). */
  documentKeySecret: string;
  /** Seconds an OpenID Connect / OAuth access token lives (modules/sso). */
  oidcAccessTokenTtlSeconds: number;
  /** Staff password sign-in: `bootstrap` until the person has a passkey, or `never` (passkeys only). */
  staffPasswordSignIn: 'bootstrap' | 'never';
  /** pgBackRest (modules/backups): the repository and its credentials live in pgbackrest.conf, which PostgreSQL's archive_command reads too. */
  backup: {
    /** The stanza that names this database in the repository. */
    stanza: string;
    /** pgbackrest.conf to use; empty means pgBackRest's own default (/etc/pgbackrest/pgbackrest.conf). */
    configFile: string;
    /** Where a drill makes its scratch instance (a temporary directory is made inside it). */
    scratchDir: string;
    /** PostgreSQL's programs (initdb, pg_ctl); empty means Debian's /usr/lib/postgresql/<the backup's major version>/bin. */
    postgresBinDir: string;
    /** The operating-system user that owns the repository and runs PostgreSQL; as root, Hanaro runs the tools as this user. */
    osUser: string;
  };
  /** OpenTelemetry traces (platform/tracing). */
  tracing: {
    /** OTLP/HTTP collector base URL (spans go to its /v1/traces); empty means tracing is off and OpenTelemetry is never loaded. */
    endpoint: string;
    /** service.name of this node's spans. */
    serviceName: string;
    /** Share of new traces kept (0 to 1); a caller's sampled trace is always continued. */
    sampleRatio: number;
  };
}

/** A pgBackRest stanza name, as in pgbackrest.conf's [section]. */
export const STANZA_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;

/** The packs that ship with Hanaro (`packs/` of the install, beside src/ and dist/). */
const SHIPPED_PACKS = path.resolve(import.meta.dirname, '..', '..', 'packs');

/**
 * HANARO_PACK: a folder, or the bare name of a pack that ships with Hanaro (`govstack-testbed` is
 * packs/govstack-testbed) when no folder of that name is in the working directory.
 */
export function packDirOf(value: string): string {
  const dir = path.resolve(value);
  return /^[a-z0-9][a-z0-9-]*$/.test(value) && !fs.existsSync(dir) ? path.join(SHIPPED_PACKS, value) : dir;
}

/** Development only: production refuses to start with it. */
const DEV_DOCUMENT_KEY_SECRET = 'hanaro-dev-document-key-secret';

export function loadConfig(env: NodeJS.ProcessEnv = process.env, overrides: Partial<Config> = {}): Readonly<Config> {
  // `PUBLIC_URL=` (set, but to nothing: a blank line in an env file) means the default, not a bad URL.
  const { PUBLIC_URL: publicUrlSet, ...rest } = env;
  const e = cleanEnv(publicUrlSet === '' ? rest : env, {
    PORT: port({ default: 8080 }),
    HOST: str({ default: '0.0.0.0' }),
    DATABASE_URL: str({ default: '' }),
    DATABASE_POOL_SIZE: num({ default: 10 }),
    HANARO_DATA_DIR: str({ default: 'data' }),
    HANARO_STATUS_REFRESH_SECONDS: num({ default: 30 }),
    HANARO_PACK: str({ default: 'packs/demo' }),
    // Unset: the address this node listens on (PORT), so sign-in works on any port without a proxy.
    PUBLIC_URL: url({ default: undefined }),
    SECURE_COOKIES: bool({ default: true }),
    LOG_LEVEL: str({ default: 'info', choices: ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] }),
    SESSION_IDLE_MINUTES: num({ default: 30 }),
    SESSION_ABSOLUTE_HOURS: num({ default: 12 }),
    RATE_LIMIT_PER_MINUTE: num({ default: 600 }),
    SIGN_IN_ATTEMPTS_PER_MINUTE: num({ default: 10 }),
    SMTP_URL: str({ default: '' }),
    MAIL_FROM: str({ default: '' }),
    NODE_ENV: str({ default: 'development' }),
    HANARO_DOCUMENT_KEY_SECRET: str({ default: DEV_DOCUMENT_KEY_SECRET }),
    OIDC_ACCESS_TOKEN_TTL_SECONDS: num({ default: 600 }),
    STAFF_PASSWORD_SIGN_IN: str({ default: 'bootstrap', choices: ['bootstrap', 'never'] as const }),
    HANARO_BACKUP_STANZA: str({ default: 'hanaro' }),
    HANARO_BACKUP_CONFIG: str({ default: '' }),
    HANARO_BACKUP_SCRATCH_DIR: str({ default: os.tmpdir() }),
    HANARO_PG_BIN_DIR: str({ default: '' }),
    HANARO_PG_OS_USER: str({ default: 'postgres' }),
    OTEL_EXPORTER_OTLP_ENDPOINT: str({ default: '' }),
    OTEL_SERVICE_NAME: str({ default: 'hanaro' }),
    HANARO_TRACE_SAMPLE_RATIO: num({ default: 1 }),
  }, { reporter: reportBadEnv });
  if (e.NODE_ENV === 'production' && e.HANARO_DOCUMENT_KEY_SECRET === DEV_DOCUMENT_KEY_SECRET) {
    reportBadEnv({ errors: { HANARO_DOCUMENT_KEY_SECRET: new Error('set a secret of your own in production') } });
  }
  if (e.DATABASE_URL && !/^postgres(ql)?:\/\//.test(e.DATABASE_URL)) {
    reportBadEnv({ errors: { DATABASE_URL: new Error('must be a postgres:// or postgresql:// URL') } });
  }
  if (e.SMTP_URL && !/^smtps?:\/\/[^\s/]/.test(e.SMTP_URL)) {
    reportBadEnv({ errors: { SMTP_URL: new Error('must be an smtp:// or smtps:// URL') } });
  }
  if (e.MAIL_FROM && !/^([^<>\r\n]*<[^\s@<>]+@[^\s@<>]+>|[^\s@<>]+@[^\s@<>]+)$/.test(e.MAIL_FROM.trim())) {
    reportBadEnv({ errors: { MAIL_FROM: new Error('must be an e-mail address, or `Name <address>`') } });
  }
  // pgBackRest takes a stanza as a path segment and the user as a login name: nothing else may pass.
  if (!STANZA_NAME.test(e.HANARO_BACKUP_STANZA)) {
    reportBadEnv({ errors: { HANARO_BACKUP_STANZA: new Error('must be letters, digits, ".", "_" or "-" (at most 64), as in pgbackrest.conf\'s [section]') } });
  }
  for (const key of ['HANARO_BACKUP_CONFIG', 'HANARO_BACKUP_SCRATCH_DIR', 'HANARO_PG_BIN_DIR'] as const) {
    if (e[key] && !path.isAbsolute(e[key])) reportBadEnv({ errors: { [key]: new Error(`must be an absolute path, not "${e[key]}"`) } });
  }
  if (!/^[a-z_][a-z0-9_-]{0,31}$/.test(e.HANARO_PG_OS_USER)) {
    reportBadEnv({ errors: { HANARO_PG_OS_USER: new Error('must be an operating-system user name such as postgres') } });
  }
  if (e.OTEL_EXPORTER_OTLP_ENDPOINT && !/^https?:\/\/[^\s/]/.test(e.OTEL_EXPORTER_OTLP_ENDPOINT)) {
    reportBadEnv({ errors: { OTEL_EXPORTER_OTLP_ENDPOINT: new Error('must be an http:// or https:// URL of an OTLP/HTTP collector, or empty') } });
  }
  if (!(Number.isInteger(e.DATABASE_POOL_SIZE) && e.DATABASE_POOL_SIZE >= 1 && e.DATABASE_POOL_SIZE <= 1000)) {
    reportBadEnv({ errors: { DATABASE_POOL_SIZE: new Error('must be a whole number from 1 to 1000') } });
  }
  if (!(e.HANARO_TRACE_SAMPLE_RATIO >= 0 && e.HANARO_TRACE_SAMPLE_RATIO <= 1)) {
    reportBadEnv({ errors: { HANARO_TRACE_SAMPLE_RATIO: new Error('must be a number from 0 to 1') } });
  }
  const publicUrl = (e.PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/$/, '');
  return Object.freeze({
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL,
    databasePoolSize: e.DATABASE_POOL_SIZE,
    dataDir: path.resolve(e.HANARO_DATA_DIR),
    statusRefreshSeconds: e.HANARO_STATUS_REFRESH_SECONDS,
    packDir: packDirOf(e.HANARO_PACK),
    publicUrl,
    secureCookies: e.SECURE_COOKIES,
    logLevel: e.LOG_LEVEL,
    sessionIdleMinutes: e.SESSION_IDLE_MINUTES,
    sessionAbsoluteHours: e.SESSION_ABSOLUTE_HOURS,
    rateLimitPerMinute: e.RATE_LIMIT_PER_MINUTE,
    signInAttemptsPerMinute: e.SIGN_IN_ATTEMPTS_PER_MINUTE,
    smtpUrl: e.SMTP_URL,
    mailFrom: e.MAIL_FROM.trim() || `no-reply@${new URL(publicUrl).hostname}`,
    production: e.NODE_ENV === 'production',
    documentKeySecret: e.HANARO_DOCUMENT_KEY_SECRET,
    oidcAccessTokenTtlSeconds: e.OIDC_ACCESS_TOKEN_TTL_SECONDS,
    staffPasswordSignIn: e.STAFF_PASSWORD_SIGN_IN,
    backup: Object.freeze({
      stanza: e.HANARO_BACKUP_STANZA, configFile: e.HANARO_BACKUP_CONFIG, scratchDir: e.HANARO_BACKUP_SCRATCH_DIR,
      postgresBinDir: e.HANARO_PG_BIN_DIR, osUser: e.HANARO_PG_OS_USER,
    }),
    tracing: Object.freeze({ endpoint: e.OTEL_EXPORTER_OTLP_ENDPOINT, serviceName: e.OTEL_SERVICE_NAME, sampleRatio: e.HANARO_TRACE_SAMPLE_RATIO }),
    ...overrides,
  });
}

function reportBadEnv({ errors }: { errors: Partial<Record<string, Error>> }): void {
  const keys = Object.entries(errors);
  if (keys.length === 0) return;
  const lines = keys.map(([key, err]) => `  ${key}: ${err?.message ?? 'invalid'}`);
  throw new Error(`Hanaro cannot start, the configuration is wrong:\n${lines.join('\n')}`);
}
