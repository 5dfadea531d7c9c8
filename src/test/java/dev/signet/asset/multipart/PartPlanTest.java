package dev.signet.asset.multipart;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.signet.error.ApiException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** How files are cut into parts: S3's limits and Signet's choice, without HTTP or storage. */
class PartPlanTest {

    static final long MIB = 1L << 20;
    static final long GIB = 1L << 30;

    @ParameterizedTest(name = "{0} bytes: {2} parts of {1}")
    @CsvSource({
        // Signet's choice: at least 16 MiB, else the smallest whole MiB that keeps to 10,000 parts
        "1, 16777216, 1",
        "16777216, 16777216, 1",
        "16777217, 16777216, 2",
        "6442450944, 16777216, 384", // 6 GiB
        "5497558138880, 550502400, 9987", // 5 TiB: 525 MiB parts
    })
    void signetChoosesThePartSize(long fileSize, long partSize, int partCount) {
        assertEquals(new PartPlan(fileSize, partSize, partCount), PartPlan.choose(fileSize, null));
    }

    @Test
    void aRequestedPartSizeIsKept() {
        assertEquals(new PartPlan(11 * MIB, 5 * MIB, 3), PartPlan.choose(11 * MIB, 5 * MIB));
        assertEquals(new PartPlan(10 * MIB, 5 * MIB, 2), PartPlan.choose(10 * MIB, 5 * MIB));
        assertEquals(new PartPlan(10 * GIB, 5 * GIB, 2), PartPlan.choose(10 * GIB, 5 * GIB));
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "100000000 | 1048576 | part_size: must be between 5242880 (5 MiB) and 5368709120 (5 GiB) bytes",
                "100000000 | 5242879 | part_size: must be between 5242880 (5 MiB) and 5368709120 (5 GiB) bytes",
                "100000000 | 6442450944 | part_size: must be between 5242880 (5 MiB) and 5368709120 (5 GiB) bytes",
                "107374182400 | 5242880 | part_size: 5242880-byte parts would cut 107374182400 bytes into 20480 parts,"
                        + " more than S3's 10000: use at least 10737419 bytes",
            })
    void aPartSizeOutsideS3sLimitsIsRefused(long fileSize, long partSize, String message) {
        assertEquals(
                message,
                assertThrows(ApiException.class, () -> PartPlan.choose(fileSize, partSize))
                        .getMessage());
    }

    @Test
    void everyPartButTheLastHasThePartSize() {
        PartPlan plan = PartPlan.of(11 * MIB, 5 * MIB);
        assertEquals(3, plan.partCount());
        assertEquals(5 * MIB, plan.sizeOf(1));
        assertEquals(5 * MIB, plan.sizeOf(2));
        assertEquals(MIB, plan.sizeOf(3));
        PartPlan exact = PartPlan.of(10 * MIB, 5 * MIB);
        assertEquals(5 * MIB, exact.sizeOf(2));
        PartPlan huge = PartPlan.choose(5L << 40, null);
        assertEquals((5L << 40) - 9986L * 525 * MIB, huge.sizeOf(9987));
    }

    @Test
    void aFileSmallerThanAPartIsOnePartOfItsOwnSize() {
        PartPlan plan = PartPlan.of(10, 5 * MIB);
        assertEquals(1, plan.partCount());
        assertEquals(10, plan.sizeOf(1));
    }
}
