-- What was done for someone under a mandate, looked up by that person ("actions taken for you").
create index audit_log_acting_for_idx on audit_log (acting_for, id desc) where acting_for is not null;
