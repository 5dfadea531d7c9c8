package dev.signet.asset;

import dev.signet.common.WireEnum;

/**
 * How the parts of a multipart upload prove their bytes: with {@code sha256} every part URL signs the part's
 * {@code x-amz-checksum-sha256}, so storage refuses other bytes, and the finished object reports the composite
 * SHA-256 of the parts' SHA-256s.
 */
public enum ChecksumAlgorithm implements WireEnum {
    SHA256;

    @jakarta.persistence.Converter(autoApply = true)
    public static class Column extends WireEnum.Converter<ChecksumAlgorithm> {
        public Column() {
            super(ChecksumAlgorithm.class);
        }
    }
}
