import { execFile, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import { promisify } from 'node:util';
import { BackupError } from './errors.ts';

const exec = promisify(execFile);

export interface ToolOutput { stdout: string; stderr: string }

/** Tools running now, each the leader of its own process group (runuser, the tool, its workers). */
const running = new Set<ChildProcess>();

/**
 * Runs a program as `osUser` with arguments as a list (no shell): PostgreSQL and pgBackRest refuse
 * root, so as root it goes through runuser; as that user itself it runs directly.
 */
export async function runAs(osUser: string, program: string, args: readonly string[], opts: { timeoutMs?: number } = {}): Promise<ToolOutput> {
  const me = os.userInfo().username;
  if (me !== 'root' && me !== osUser) {
    throw new BackupError('wrong_user', `Backups run as root or as ${osUser} (the user that owns the repository and PostgreSQL), not as ${me}.`);
  }
  if (program.includes('/') && !fs.existsSync(program)) {
    throw new BackupError('tool_missing', `${program} is not installed (set HANARO_PG_BIN_DIR to PostgreSQL's bin directory).`);
  }
  const [file, argv] = me === 'root' && osUser !== 'root' ? ['runuser', ['-u', osUser, '--', program, ...args]] : [program, [...args]];
  // execFile hands `detached` to spawn (its types leave it out): the tool leads a process group of its own.
  const options = { encoding: 'utf8' as const, timeout: opts.timeoutMs ?? 0, maxBuffer: 64 * 1024 * 1024, cwd: '/', detached: true };
  const run = exec(file, argv, options);
  running.add(run.child);
  try {
    const { stdout, stderr } = await run;
    return { stdout, stderr };
  } catch (err) {
    const e = err as NodeJS.ErrnoException & Partial<ToolOutput> & { code?: string | number; killed?: boolean };
    if (e.code === 'ENOENT') throw new BackupError('tool_missing', `${program} is not installed or not on the PATH.`);
    throw new ToolFailed(program, e.stdout ?? '', e.stderr ?? '', e.killed ? 'timed out' : `exit ${e.code}`);
  } finally {
    running.delete(run.child);
  }
}

/** Ends every tool still running (a drill interrupted mid-restore), its workers too. */
export function stopRunningTools(): void {
  for (const child of running) {
    try {
      if (child.pid) process.kill(-child.pid, 'SIGTERM');
    } catch {
      // It ended on its own meanwhile.
    }
  }
}

/** A program ran and said no; `said` is what it printed as its error. */
export class ToolFailed extends Error {
  constructor(readonly program: string, readonly stdout: string, readonly stderr: string, readonly how: string) {
    super(`${program} failed (${how}): ${errorLines(stdout, stderr) || 'no message'}`);
  }

  get said(): string {
    return errorLines(this.stdout, this.stderr);
  }
}

/** pgBackRest prints `ERROR: [055]: …` on stdout or stderr depending on its log settings. */
function errorLines(stdout: string, stderr: string): string {
  const lines = `${stderr}\n${stdout}`.split('\n').map((l) => l.trim()).filter(Boolean);
  const errors = lines.filter((l) => /\b(ERROR|FATAL)\b/.test(l));
  return (errors.length ? errors : lines.slice(-3)).join(' | ');
}

/** The uid and gid of `osUser`, to hand it the directories it will own. */
export async function idsOf(osUser: string): Promise<{ uid: number; gid: number }> {
  const id = async (flag: string) => Number((await exec('id', [flag, osUser])).stdout.trim());
  try {
    return { uid: await id('-u'), gid: await id('-g') };
  } catch {
    throw new BackupError('wrong_user', `There is no operating-system user ${osUser} (HANARO_PG_OS_USER).`);
  }
}
