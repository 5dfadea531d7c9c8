package dev.signet.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** Small real files of known types, made here (no fixture files): for content verification (issue 21). */
public final class Samples {

    private Samples() {}

    /** A 1×1 PNG, padded with a tEXt-free tail of zero bytes up to {@code size} (a PNG reader ignores nothing: the
     * padding makes it a large file whose type is in its first bytes). */
    public static byte[] png(int size) {
        byte[] head = png();
        return Arrays.copyOf(head, Math.max(size, head.length));
    }

    public static byte[] png() {
        return java.util.Base64.getDecoder()
                .decode(
                        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==");
    }

    public static byte[] jpeg() {
        byte[] b = new byte[64];
        byte[] head = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0, 0, 0x10, 'J', 'F', 'I', 'F', 0, 1, 1};
        System.arraycopy(head, 0, b, 0, head.length);
        return b;
    }

    public static byte[] pdf() {
        return "%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\n%%EOF\n".getBytes(StandardCharsets.US_ASCII);
    }

    /** The start of a 64-bit little-endian ELF executable (what `file` calls "ELF 64-bit LSB executable"). */
    public static byte[] elf() {
        byte[] b = new byte[128];
        byte[] ident = {0x7F, 'E', 'L', 'F', 2, 1, 1, 0};
        System.arraycopy(ident, 0, b, 0, ident.length);
        b[16] = 2; // e_type: ET_EXEC
        b[18] = 0x3E; // e_machine: x86-64
        b[20] = 1; // e_version
        return b;
    }

    /** A real ZIP archive with one entry. */
    public static byte[] zip() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            zip.putNextEntry(new ZipEntry("hello.txt"));
            zip.write("hello".getBytes(StandardCharsets.US_ASCII));
            zip.closeEntry();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** The EICAR anti-virus test file: harmless, and every scanner reports it. */
    public static byte[] eicar() {
        return ("X5O!P%@AP[4\\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*")
                .getBytes(StandardCharsets.US_ASCII);
    }
}
