-- A form id is one sender's: another operator sending the same id (a copied request) writes a row of
-- his own instead of being answered with the first sender's. Updates are also per incident.
alter table status_incidents drop constraint status_incidents_form_id_key;
alter table status_incidents add constraint status_incidents_author_form_key unique (created_by, form_id);
alter table status_incident_updates drop constraint status_incident_updates_form_id_key;
alter table status_incident_updates add constraint status_incident_updates_author_form_key unique (incident_id, author, form_id);
alter table status_maintenance drop constraint status_maintenance_form_id_key;
alter table status_maintenance add constraint status_maintenance_author_form_key unique (created_by, form_id);
