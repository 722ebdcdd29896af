/** Why a backup command could not do what was asked, in words an operator can act on. */
export type BackupProblem =
  | 'bad_target' | 'target_in_future' | 'target_before_first_backup' | 'no_backup' | 'unknown_stanza'
  | 'repository_unreadable' | 'tool_missing' | 'tool_failed' | 'wrong_user' | 'archive_ends_early'
  | 'restore_failed' | 'no_database' | 'bad_option';

export class BackupError extends Error {
  constructor(readonly problem: BackupProblem, message: string, readonly detail?: string) {
    super(message);
    this.name = 'BackupError';
  }
}
