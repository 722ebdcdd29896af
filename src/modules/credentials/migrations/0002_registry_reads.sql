-- Issuance reads the registries themselves at issue time (and logs the read): the copies go.
drop table credential_source_records;
