-- Issuing a mobile credential reads the registries it is built from: that read has a channel of its own.
alter table personal_data_reads drop constraint personal_data_reads_channel_check;
alter table personal_data_reads add constraint personal_data_reads_channel_check check (channel in ('registry-api', 'office', 'exchange', 'issuance'));
