-- A parent starting to act for their minor child reads the family relations record that allows it.
alter table personal_data_reads drop constraint personal_data_reads_channel_check;
alter table personal_data_reads add constraint personal_data_reads_channel_check check (channel in ('registry-api', 'office', 'exchange', 'issuance', 'representation'));
