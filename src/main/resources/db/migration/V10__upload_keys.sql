-- Upload keys (uk-): Uppy's upload routes of their team only, always with an expiry (issue 23).
ALTER TABLE api_keys DROP CONSTRAINT api_keys_kind_check;
ALTER TABLE api_keys ADD CONSTRAINT api_keys_kind_check CHECK (kind IN ('sk', 'dk', 'vk', 'uk'));
