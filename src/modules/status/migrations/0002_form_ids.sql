-- The one-time id of the form a row was written from: the same form sent twice (a double click, a
-- resend after a timeout) writes one incident, one update, one window.
alter table status_incidents add column form_id uuid unique;
alter table status_incident_updates add column form_id uuid unique;
alter table status_maintenance add column form_id uuid unique;
