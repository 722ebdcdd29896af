-- Appends a transaction's audit entries to one shard of a chain in one round trip: the shard's
-- lock, its head and the inserts happen here instead of three statements per entry from Node.
-- The caller sends each entry's hashed fields after `prev_hash` already serialised (`tail`, the
-- JSON array audit.ts hashes from its fourth element on), so the hash is byte for byte the one
-- `hashOf` recomputes when the log is verified. Each statement of a PL/pgSQL function takes a new
-- snapshot (read committed): the head is read after the lock is held, never before it.
create function audit_append(base text, shards int, entries jsonb) returns void language plpgsql as $$
declare
  shard text := base || '/' || (txid_current() % shards)::text;
  head record;
  entry jsonb;
  next_seq bigint;
  prev text;
  this_hash text;
begin
  perform pg_advisory_xact_lock(hashtext('audit:' || shard));
  select seq, hash into head from audit_log where chain = shard order by seq desc limit 1;
  next_seq := coalesce(head.seq, 0);
  prev := coalesce(head.hash, repeat('0', 64));
  for entry in select value from jsonb_array_elements(entries) loop
    next_seq := next_seq + 1;
    this_hash := encode(sha256(convert_to('[' || to_json(shard)::text || ',' || next_seq::text || ',' || to_json(prev)::text || ',' || (entry->>'tail'), 'UTF8')), 'hex');
    insert into audit_log (chain, seq, prev_hash, hash, at, actor, acting_for, agency_id, action, target, details, request_id)
      values (shard, next_seq, prev, this_hash, (entry->>'at')::timestamptz, entry->>'actor', entry->>'acting_for', entry->>'agency_id',
        entry->>'action', entry->>'target', entry->'details', entry->>'request_id');
    prev := this_hash;
  end loop;
end $$;
