package dev.signet.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/**
 * The POST policy signature against AWS's own worked example ("Example: Browser-Based Upload using HTTP POST (Using AWS
 * Signature Version 4)", docs.aws.amazon.com/AmazonS3/latest/API/sigv4-post-example.html): its example credentials,
 * its base64 policy and the signature the page prints.
 */
class PostSignatureTest {

    static final String SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";

    static final String POLICY =
            "eyAiZXhwaXJhdGlvbiI6ICIyMDE1LTEyLTMwVDEyOjAwOjAwLjAwMFoiLA0KICAiY29uZGl0aW9ucyI6IFsNCiAgICB7"
                    + "ImJ1Y2tldCI6ICJzaWd2NGV4YW1wbGVidWNrZXQifSwNCiAgICBbInN0YXJ0cy13aXRoIiwgIiRrZXkiLCAidXNlci91c2VyMS8iXSwNCiAg"
                    + "ICB7ImFjbCI6ICJwdWJsaWMtcmVhZCJ9LA0KICAgIHsic3VjY2Vzc19hY3Rpb25fcmVkaXJlY3QiOiAiaHR0cDovL3NpZ3Y0ZXhhbXBsZWJ1"
                    + "Y2tldC5zMy5hbWF6b25hd3MuY29tL3N1Y2Nlc3NmdWxfdXBsb2FkLmh0bWwifSwNCiAgICBbInN0YXJ0cy13aXRoIiwgIiRDb250ZW50LVR5"
                    + "cGUiLCAiaW1hZ2UvIl0sDQogICAgeyJ4LWFtei1tZXRhLXV1aWQiOiAiMTQzNjUxMjM2NTEyNzQifSwNCiAgICB7IngtYW16LXNlcnZlci1z"
                    + "aWRlLWVuY3J5cHRpb24iOiAiQUVTMjU2In0sDQogICAgWyJzdGFydHMtd2l0aCIsICIkeC1hbXotbWV0YS10YWciLCAiIl0sDQoNCiAgICB7"
                    + "IngtYW16LWNyZWRlbnRpYWwiOiAiQUtJQUlPU0ZPRE5ON0VYQU1QTEUvMjAxNTEyMjkvdXMtZWFzdC0xL3MzL2F3czRfcmVxdWVzdCJ9LA0K"
                    + "ICAgIHsieC1hbXotYWxnb3JpdGhtIjogIkFXUzQtSE1BQy1TSEEyNTYifSwNCiAgICB7IngtYW16LWRhdGUiOiAiMjAxNTEyMjlUMDAwMDAw"
                    + "WiIgfQ0KICBdDQp9";

    @Test
    void awsWorkedExampleSignsAsThePageSays() {
        String policy = new String(Base64.getDecoder().decode(POLICY), StandardCharsets.UTF_8);
        assertTrue(policy.contains("{\"bucket\": \"sigv4examplebucket\"}"), policy);
        assertTrue(policy.contains("AKIAIOSFODNN7EXAMPLE/20151229/us-east-1/s3/aws4_request"), policy);
        assertEquals(
                "8afdbf4008c03f22c2cd3cdb72e4afbb1f6a588f3255ac628749a66d7f09699e",
                PostSignature.sign(SECRET, "20151229", "us-east-1", "s3", POLICY));
    }

    @Test
    void everyPartOfTheScopeIsSigned() {
        String signature = PostSignature.sign(SECRET, "20151229", "us-east-1", "s3", POLICY);
        assertTrue(!signature.equals(PostSignature.sign(SECRET, "20151230", "us-east-1", "s3", POLICY)));
        assertTrue(!signature.equals(PostSignature.sign(SECRET, "20151229", "eu-west-1", "s3", POLICY)));
        assertTrue(!signature.equals(PostSignature.sign(SECRET + "x", "20151229", "us-east-1", "s3", POLICY)));
        assertTrue(!signature.equals(PostSignature.sign(SECRET, "20151229", "us-east-1", "s3", POLICY + "=")));
    }
}
