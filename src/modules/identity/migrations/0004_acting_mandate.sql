-- The mandate a representative acts under in this session, if any. No foreign key: mandates are
-- another module's table, and the mandate is checked again on every request anyway.
alter table resident_sessions add column acting_mandate_id uuid;
