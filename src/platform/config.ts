import { cleanEnv, port, str, bool, num, url } from 'envalid';
import path from 'node:path';

/** Configuration, read once from the environment, validated and frozen. Nothing else reads process.env. */
export interface Config {
  port: number;
  host: string;
  /** A PostgreSQL URL; empty means the embedded database under dataDir. */
  databaseUrl: string;
  dataDir: string;
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
  production: boolean;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env, overrides: Partial<Config> = {}): Readonly<Config> {
  const e = cleanEnv(env, {
    PORT: port({ default: 8080 }),
    HOST: str({ default: '0.0.0.0' }),
    DATABASE_URL: str({ default: '' }),
    HANARO_DATA_DIR: str({ default: 'data' }),
    HANARO_PACK: str({ default: 'packs/demo' }),
    PUBLIC_URL: url({ default: 'http://localhost:8080' }),
    SECURE_COOKIES: bool({ default: true }),
    LOG_LEVEL: str({ default: 'info', choices: ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] }),
    SESSION_IDLE_MINUTES: num({ default: 30 }),
    SESSION_ABSOLUTE_HOURS: num({ default: 12 }),
    RATE_LIMIT_PER_MINUTE: num({ default: 600 }),
    SIGN_IN_ATTEMPTS_PER_MINUTE: num({ default: 10 }),
    NODE_ENV: str({ default: 'development' }),
  }, { reporter: reportBadEnv });
  if (e.DATABASE_URL && !/^postgres(ql)?:\/\//.test(e.DATABASE_URL)) {
    reportBadEnv({ errors: { DATABASE_URL: new Error('must be a postgres:// or postgresql:// URL') } });
  }
  return Object.freeze({
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL,
    dataDir: path.resolve(e.HANARO_DATA_DIR),
    packDir: path.resolve(e.HANARO_PACK),
    publicUrl: e.PUBLIC_URL.replace(/\/$/, ''),
    secureCookies: e.SECURE_COOKIES,
    logLevel: e.LOG_LEVEL,
    sessionIdleMinutes: e.SESSION_IDLE_MINUTES,
    sessionAbsoluteHours: e.SESSION_ABSOLUTE_HOURS,
    rateLimitPerMinute: e.RATE_LIMIT_PER_MINUTE,
    signInAttemptsPerMinute: e.SIGN_IN_ATTEMPTS_PER_MINUTE,
    production: e.NODE_ENV === 'production',
    ...overrides,
  });
}

function reportBadEnv({ errors }: { errors: Partial<Record<string, Error>> }): void {
  const keys = Object.entries(errors);
  if (keys.length === 0) return;
  const lines = keys.map(([key, err]) => `  ${key}: ${err?.message ?? 'invalid'}`);
  throw new Error(`Hanaro cannot start, the configuration is wrong:\n${lines.join('\n')}`);
}
