package dev.signet.storage;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The SigV4 signature of an S3 POST policy (a browser form upload), which the AWS SDK v2 does not compute: the signing
 * key is the HMAC-SHA256 chain of {@code "AWS4" + secret} over the date, region, service and {@code aws4_request}, and
 * the signature is the hex HMAC-SHA256 of the base64 policy under that key (AWS's "Authenticating Requests:
 * Browser-Based Uploads Using POST").
 */
public final class PostSignature {

    private static final String HMAC = "HmacSHA256";

    private PostSignature() {}

    /**
     * @param date   the scope's day, {@code yyyyMMdd} (the day of the policy's {@code x-amz-date})
     * @param policy the policy as sent in the form's {@code policy} field (base64 of its JSON)
     */
    public static String sign(String secretKey, String date, String region, String service, String policy) {
        byte[] key = hmac(("AWS4" + secretKey).getBytes(StandardCharsets.UTF_8), date);
        key = hmac(key, region);
        key = hmac(key, service);
        key = hmac(key, "aws4_request");
        return HexFormat.of().formatHex(hmac(key, policy));
    }

    private static byte[] hmac(byte[] key, String data) {
        try {
            Mac mac = Mac.getInstance(HMAC);
            mac.init(new SecretKeySpec(key, HMAC));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
        }
    }
}
