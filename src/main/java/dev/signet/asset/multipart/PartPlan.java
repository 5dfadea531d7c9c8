package dev.signet.asset.multipart;

import dev.signet.error.ApiException;

/**
 * How a file of {@code fileSize} bytes is cut: parts 1 to {@code partCount - 1} have {@code partSize} bytes and the
 * last has the rest (a file no larger than one part is a single part of its own size). S3's rules: a multipart upload
 * has 1 to 10,000 parts of 5 MiB to 5 GiB each, except the last, which may be smaller; an object has at most 5 TiB
 * (Signet's own size limit, {@code UploadPolicy.requireSize}, is checked before a plan is chosen).
 */
public record PartPlan(long fileSize, long partSize, int partCount) {

    static final long MIB = 1L << 20;
    public static final long MIN_PART_SIZE = 5 * MIB;
    public static final long MAX_PART_SIZE = 5L << 30;
    public static final int MAX_PARTS = 10_000;
    /** The smallest part size Signet chooses itself: fewer, larger requests than S3's 5 MiB minimum. */
    static final long DEFAULT_PART_SIZE_FLOOR = 16 * MIB;
    /** Part URLs one signing call may ask for (a 10,000-part upload takes ten calls). */
    public static final int MAX_PARTS_PER_CALL = 1000;

    /** The exact size of part {@code partNumber} (1-based). */
    public long sizeOf(int partNumber) {
        return partNumber < partCount ? partSize : fileSize - (partCount - 1) * partSize;
    }

    public static PartPlan of(long fileSize, long partSize) {
        return new PartPlan(fileSize, partSize, (int) ceilDiv(fileSize, partSize));
    }

    /**
     * The plan of a new upload. Signet's choice, when {@code requestedPartSize} is null: the smallest whole number of
     * MiB that keeps to 10,000 parts, and at least 16 MiB. A requested part size must be 5 MiB to 5 GiB and make at
     * most 10,000 parts.
     */
    public static PartPlan choose(long fileSize, Long requestedPartSize) {
        long smallest = ceilDiv(fileSize, MAX_PARTS);
        if (requestedPartSize == null) {
            return of(fileSize, Math.max(DEFAULT_PART_SIZE_FLOOR, ceilDiv(smallest, MIB) * MIB));
        }
        if (requestedPartSize < MIN_PART_SIZE || requestedPartSize > MAX_PART_SIZE) {
            throw ApiException.invalidField(
                    "part_size",
                    "must be between " + MIN_PART_SIZE + " (5 MiB) and " + MAX_PART_SIZE + " (5 GiB) bytes");
        }
        if (requestedPartSize < smallest) {
            throw ApiException.invalidField(
                    "part_size",
                    requestedPartSize + "-byte parts would cut " + fileSize
                            + " bytes into " + ceilDiv(fileSize, requestedPartSize) + " parts, more than S3's "
                            + MAX_PARTS
                            + ": use at least " + Math.max(smallest, MIN_PART_SIZE) + " bytes");
        }
        return of(fileSize, requestedPartSize);
    }

    static long ceilDiv(long x, long y) {
        return -Math.floorDiv(-x, y);
    }
}
