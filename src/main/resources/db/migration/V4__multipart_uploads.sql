-- Issue 14: multipart uploads (S3's own, signed part by part) and SHA-256 checksums that storage enforces.

-- The column named `checksum` has always held the object's ETag as storage reported it at confirm (for a
-- multipart object an MD5 of MD5s with a "-<parts>" suffix, not a digest of the bytes): it is named for what it is,
-- so that `checksum_sha256` below is the only checksum.
ALTER TABLE assets RENAME COLUMN checksum TO etag;

-- Base64 SHA-256 of the bytes: declared by the client (signed into its upload URL as x-amz-checksum-sha256, so
-- storage refuses other bytes with 400 BadDigest), then, once ready, what storage reports: the whole object's for
-- a single PUT, the composite "<base64>-<parts>" (SHA-256 of the parts' SHA-256s) for a multipart upload.
ALTER TABLE assets ADD COLUMN checksum_sha256 text;

-- A multipart upload: storage's upload id (created by Signet, never taken from a client), the part size every part
-- but the last has (the last has the rest of declared_size), and whether every part declares its SHA-256.
ALTER TABLE assets ADD COLUMN upload_id text;
ALTER TABLE assets ADD COLUMN part_size bigint CHECK (part_size BETWEEN 5242880 AND 5368709120);
ALTER TABLE assets ADD COLUMN checksum_algorithm text CHECK (checksum_algorithm IN ('sha256'));
ALTER TABLE assets ADD CONSTRAINT assets_multipart_shape CHECK (
    (upload_id IS NULL) = (part_size IS NULL)
    AND (upload_id IS NULL OR declared_size IS NOT NULL)
    AND (checksum_algorithm IS NULL OR upload_id IS NOT NULL));
