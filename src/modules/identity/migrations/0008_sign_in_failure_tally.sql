-- Failed sign-ins counted for the security console. sign_in_failures is the lockout's own count,
-- which a good sign-in clears; this tally is never cleared. One row a minute, no login kept, so it
-- stays small without pruning.
create table sign_in_failure_tally (
  minute timestamptz primary key,
  failures integer not null
);
