package dev.signet.link;

import static dev.signet.support.Api.as;
import static dev.signet.support.Api.unique;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signet.support.Api;
import dev.signet.support.Assets;
import dev.signet.support.Await;
import dev.signet.support.Db;
import dev.signet.support.Http;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.arc.Arc;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Issue 22: download links on real storage (S3Proxy) and PostgreSQL: use, limits, revocation, audit, isolation. */
@QuarkusTest
class LinkTest {

    private static final HttpClient FOLLOWING =
            HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL).build();
    private static final HttpClient NOT_FOLLOWING =
            HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    @TestHTTPResource("/")
    URL base;

    @Inject
    LinkAuditRetention retention;

    @Inject
    MeterRegistry registry;

    /** A team's sk- key and a ready asset of it holding {@code bytes}. */
    record Scene(Api.Team team, Api.Key sk, String assetId, String objectKey, byte[] bytes) {}

    static Scene scene(String fileName, byte[] bytes) {
        Api.Team team = Api.team(unique("links"));
        Api.Key sk = team.mintKey("sk");
        JsonPath asset = Assets.ready(sk.secret(), fileName, "application/octet-stream", bytes, null);
        return new Scene(team, sk, asset.getString("id"), asset.getString("object_key"), bytes);
    }

    static String in(Duration d) {
        return Instant.now().plus(d).toString();
    }

    static JsonPath link(Scene s, String extra) {
        return as(s.sk().secret())
                .body("{\"asset_id\":\"" + s.assetId() + "\",\"expires_at\":\"" + in(Duration.ofHours(1)) + "\""
                        + (extra == null ? "" : "," + extra) + "}")
                .post("/api/v1/links")
                .then()
                .log()
                .ifValidationFails()
                .statusCode(201)
                .extract()
                .jsonPath();
    }

    /** The link's URL on the test's server (its host and port are the request's). */
    static String url(JsonPath link) {
        return link.getString("url");
    }

    static HttpResponse<byte[]> send(HttpClient client, HttpRequest request) {
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static HttpResponse<byte[]> get(HttpClient client, String url, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url));
        if (headers.length > 0) {
            request.headers(headers);
        }
        return send(client, request.build());
    }

    /**
     * Waits until every use answered so far is logged and counted: a link without {@code max_uses} is answered from a
     * read and its use logged right behind ({@link LinkUseLog}).
     */
    static void settled() {
        LinkUseLog log = Arc.container().instance(LinkUseLog.class).get();
        int pending = Await.poll(Duration.ofSeconds(10), log::pending, n -> n == 0);
        assertEquals(0, pending, pending + " uses still not logged after 10 s");
    }

    static List<Map<String, Object>> uses(Scene s, String linkId) {
        settled();
        return as(s.sk().secret())
                .get("/api/v1/links/" + linkId + "/uses?limit=200")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("items");
    }

    static void assertError(HttpResponse<byte[]> answer, int status, String code) {
        assertEquals(status, answer.statusCode(), new String(answer.body()));
        assertEquals("no-store", answer.headers().firstValue("Cache-Control").orElse(null));
        assertEquals(
                "no-referrer", answer.headers().firstValue("Referrer-Policy").orElse(null));
        assertEquals(
                code, JsonPath.from(new String(answer.body())).getString("detail.code"), new String(answer.body()));
    }

    @Test
    void aLinkDownloadsTheBytesWithJavaAndCurlWithRangesAndHead() throws Exception {
        Scene s = scene("report 2026.bin", Http.bytes(3000));
        JsonPath link = link(s, "\"disposition\":\"inline\",\"file_name\":\"Q1 report.bin\"");
        String url = url(link);
        assertTrue(url.startsWith(base.toString().replaceAll("/$", "") + "/l/lk_"), url);
        assertEquals(0, link.getInt("uses"));
        assertEquals("inline", link.getString("disposition"));
        assertEquals("Q1 report.bin", link.getString("file_name"));
        assertEquals(s.assetId(), link.getString("asset_id"));

        // the redirect itself
        HttpResponse<byte[]> redirect = get(NOT_FOLLOWING, url);
        assertEquals(302, redirect.statusCode());
        assertEquals("no-store", redirect.headers().firstValue("Cache-Control").orElse(null));
        assertEquals(
                "no-referrer", redirect.headers().firstValue("Referrer-Policy").orElse(null));
        String location = redirect.headers().firstValue("Location").orElseThrow();
        assertTrue(location.contains("X-Amz-Expires=4&"), location); // signet.links.redirect-ttl in tests

        // java.net.http following the redirect
        HttpResponse<byte[]> body = get(FOLLOWING, url);
        assertEquals(200, body.statusCode());
        assertArrayEquals(s.bytes(), body.body());
        assertEquals(
                "inline; filename=\"Q1 report.bin\"; filename*=UTF-8''Q1%20report.bin",
                body.headers().firstValue("Content-Disposition").orElse(null));

        // a Range through the redirect
        HttpResponse<byte[]> range = get(FOLLOWING, url, "Range", "bytes=100-199");
        assertEquals(206, range.statusCode());
        assertArrayEquals(Arrays.copyOfRange(s.bytes(), 100, 200), range.body());

        // HEAD through the redirect (a presigned HEAD: SigV4 signs the method)
        HttpResponse<byte[]> head = send(
                FOLLOWING,
                HttpRequest.newBuilder(URI.create(url))
                        .method("HEAD", HttpRequest.BodyPublishers.noBody())
                        .build());
        assertEquals(200, head.statusCode());
        assertEquals("3000", head.headers().firstValue("Content-Length").orElse(null));

        // the real curl -L
        Path out = Files.createTempFile("link", ".bin");
        try {
            Process curl = new ProcessBuilder("curl", "-sS", "-L", "-o", out.toString(), "-w", "%{http_code}", url)
                    .redirectErrorStream(true)
                    .start();
            String status = new String(curl.getInputStream().readAllBytes()).trim();
            assertEquals(0, curl.waitFor());
            assertEquals("200", status);
            assertArrayEquals(s.bytes(), Files.readAllBytes(out));

            Process curlHead = new ProcessBuilder("curl", "-sS", "-I", "-L", url)
                    .redirectErrorStream(true)
                    .start();
            String headers = new String(curlHead.getInputStream().readAllBytes());
            assertEquals(0, curlHead.waitFor());
            assertTrue(headers.toLowerCase().contains("content-length: 3000"), headers);
        } finally {
            Files.deleteIfExists(out);
        }

        // every use counted and logged (1 redirect, then 4 followed, curl GET and HEAD)
        String id = link.getString("id");
        settled();
        as(s.sk().secret()).get("/api/v1/links/" + id).then().statusCode(200).body("uses", equalTo(6));
        List<Map<String, Object>> log = uses(s, id);
        assertEquals(6, log.size());
        assertTrue(log.stream().allMatch(u -> u.get("outcome").equals("redirected")), log.toString());
        assertTrue(
                log.stream().anyMatch(u -> String.valueOf(u.get("user_agent")).startsWith("curl/")), log.toString());
        assertEquals("127.0.0.1", log.get(0).get("ip"));
    }

    @Test
    void theRedirectsUrlExpiresWithinSeconds() throws Exception {
        Scene s = scene("short.bin", Http.bytes(10));
        String location = get(NOT_FOLLOWING, url(link(s, null)))
                .headers()
                .firstValue("Location")
                .orElseThrow();
        assertEquals(200, get(FOLLOWING, location).statusCode());
        Thread.sleep(5_500); // past signet.links.redirect-ttl (PT4S in tests)
        assertEquals(403, get(FOLLOWING, location).statusCode(), "storage refuses the expired URL");
    }

    @Test
    void aRevokedLinkIsRefusedOnTheNextRequest() {
        Scene s = scene("revoke.bin", Http.bytes(10));
        JsonPath link = link(s, null);
        assertEquals(302, get(NOT_FOLLOWING, url(link)).statusCode());
        settled();
        as(s.sk().secret())
                .delete("/api/v1/links/" + link.getString("id"))
                .then()
                .statusCode(200)
                .body("revoked_at", notNullValue())
                .body("uses", equalTo(1));
        assertError(get(NOT_FOLLOWING, url(link)), 410, "link_gone");
        // revoking again is harmless and keeps the first time
        String first =
                Db.string("SELECT revoked_at::text FROM download_links WHERE id = ?::uuid", link.getString("id"));
        as(s.sk().secret())
                .delete("/api/v1/links/" + link.getString("id"))
                .then()
                .statusCode(200);
        assertEquals(
                first,
                Db.string("SELECT revoked_at::text FROM download_links WHERE id = ?::uuid", link.getString("id")));
        List<Map<String, Object>> log = uses(s, link.getString("id"));
        assertEquals(
                List.of("revoked", "redirected"),
                log.stream().map(u -> u.get("outcome")).toList());
    }

    @Test
    void aOneTimeLinkRacedByFiftyRequestsRedirectsExactlyOnce() throws Exception {
        Scene s = scene("once.bin", Http.bytes(10));
        JsonPath link = link(s, "\"max_uses\":1");
        HttpRequest request = HttpRequest.newBuilder(URI.create(url(link))).build();
        CountDownLatch start = new CountDownLatch(1);
        List<CompletableFuture<Integer>> answers = new ArrayList<>();
        var threads = java.util.concurrent.Executors.newFixedThreadPool(50);
        for (int i = 0; i < 50; i++) {
            answers.add(CompletableFuture.supplyAsync(
                    () -> {
                        try {
                            start.await();
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                        return send(NOT_FOLLOWING, request).statusCode();
                    },
                    threads));
        }
        start.countDown();
        Map<Integer, Long> statuses = answers.stream()
                .map(CompletableFuture::join)
                .collect(Collectors.groupingBy(x -> x, Collectors.counting()));
        threads.shutdown();
        assertEquals(Map.of(302, 1L, 410, 49L), statuses);
        String id = link.getString("id");
        assertEquals(1, Db.count("SELECT uses FROM download_links WHERE id = ?::uuid", id));
        assertEquals(
                "redirected=1,used_up=49",
                Db.string(
                        "SELECT string_agg(outcome || '=' || n, ',' ORDER BY outcome) FROM (SELECT outcome, count(*) n"
                                + " FROM link_uses WHERE link_id = ?::uuid GROUP BY outcome) x",
                        id));
    }

    /** {@code n} requests for {@code url}, up to 50 at a time, released together: the count of each status. */
    static Map<Integer, Long> race(String url, int n) {
        return race(java.util.Collections.nCopies(n, url)).stream()
                .collect(Collectors.groupingBy(x -> x, Collectors.counting()));
    }

    /** One request for each of {@code urls}, up to 50 at a time, released together: each one's status, in order. */
    static List<Integer> race(List<String> urls) {
        CountDownLatch start = new CountDownLatch(1);
        List<CompletableFuture<Integer>> answers = new ArrayList<>();
        var threads = java.util.concurrent.Executors.newFixedThreadPool(Math.min(50, urls.size()));
        try {
            for (String url : urls) {
                HttpRequest request = HttpRequest.newBuilder(URI.create(url)).build();
                answers.add(CompletableFuture.supplyAsync(
                        () -> {
                            try {
                                start.await();
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                            }
                            return send(NOT_FOLLOWING, request).statusCode();
                        },
                        threads));
            }
            start.countDown();
            return answers.stream().map(CompletableFuture::join).toList();
        } finally {
            threads.shutdown();
        }
    }

    static String outcomes(String linkId) {
        settled();
        return Db.string(
                "SELECT string_agg(outcome || '=' || n, ',' ORDER BY outcome) FROM (SELECT outcome, count(*) n"
                        + " FROM link_uses WHERE link_id = ?::uuid GROUP BY outcome) x",
                linkId);
    }

    @Test
    void anUnlimitedLinkRacedByTwoHundredRequestsRedirectsEveryOneAndCountsThemAll() {
        Scene s = scene("many.bin", Http.bytes(10));
        JsonPath link = link(s, null);
        String id = link.getString("id");
        assertEquals(Map.of(302, 200L), race(url(link), 200));
        // the count is exact once the uses answered are logged (right behind their redirects)
        settled();
        as(s.sk().secret()).get("/api/v1/links/" + id).then().statusCode(200).body("uses", equalTo(200));
        // counted in the shards of V11, not on the link's row (concurrent groups do not wait for each other)
        assertEquals(0, Db.count("SELECT uses FROM download_links WHERE id = ?::uuid", id));
        assertEquals(200, Db.count("SELECT sum(uses) FROM link_use_counts WHERE link_id = ?::uuid", id));
        assertEquals("redirected=200", outcomes(id));
        // and uses were grouped: some statement carried more than one (group commit)
        var rows = registry.find("signet.link.use.rows").summary();
        assertTrue(rows != null && rows.max() > 1, "no statement grouped uses");
    }

    @Test
    void aLinkOfSevenUsesRacedByFiftyRequestsRedirectsExactlySeven() {
        Scene s = scene("seven.bin", Http.bytes(10));
        JsonPath link = link(s, "\"max_uses\":7");
        String id = link.getString("id");
        assertEquals(Map.of(302, 7L, 410, 43L), race(url(link), 50));
        as(s.sk().secret()).get("/api/v1/links/" + id).then().statusCode(200).body("uses", equalTo(7));
        assertEquals("redirected=7,used_up=43", outcomes(id));
    }

    @Test
    void usesOfManyLinksRacingTogetherAreEachDecidedOnTheirOwn() {
        Scene s = scene("mixed.bin", Http.bytes(10));
        JsonPath open = link(s, null);
        JsonPath twice = link(s, "\"max_uses\":2");
        JsonPath fenced = link(s, "\"allowed_ips\":[\"192.0.2.0/24\"]");
        JsonPath revoked = link(s, null);
        JsonPath expired = link(s, null);
        as(s.sk().secret())
                .delete("/api/v1/links/" + revoked.getString("id"))
                .then()
                .statusCode(200);
        Db.update(
                "UPDATE download_links SET expires_at = now() - interval '1 second' WHERE id = ?::uuid",
                expired.getString("id"));
        String unknown = base + "l/lk_" + "B".repeat(43);
        List<String> urls = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            urls.addAll(List.of(url(open), url(twice), url(fenced), url(revoked), url(expired), unknown));
        }
        List<Integer> statuses = race(urls);
        Map<String, Map<Integer, Long>> byUrl = new java.util.HashMap<>();
        for (int i = 0; i < urls.size(); i++) {
            byUrl.computeIfAbsent(urls.get(i), u -> new java.util.HashMap<>()).merge(statuses.get(i), 1L, Long::sum);
        }
        assertEquals(Map.of(302, 10L), byUrl.get(url(open)));
        assertEquals(Map.of(302, 2L, 410, 8L), byUrl.get(url(twice)));
        assertEquals(Map.of(404, 10L), byUrl.get(url(fenced)));
        assertEquals(Map.of(410, 10L), byUrl.get(url(revoked)));
        assertEquals(Map.of(410, 10L), byUrl.get(url(expired)));
        assertEquals(Map.of(404, 10L), byUrl.get(unknown));
        assertEquals("redirected=10", outcomes(open.getString("id")));
        assertEquals("redirected=2,used_up=8", outcomes(twice.getString("id")));
        assertEquals("ip_refused=10", outcomes(fenced.getString("id")));
        assertEquals("revoked=10", outcomes(revoked.getString("id")));
        assertEquals("expired=10", outcomes(expired.getString("id")));
        settled();
        as(s.sk().secret())
                .get("/api/v1/links?asset_id=" + s.assetId())
                .then()
                .statusCode(200)
                .body("items.find { it.id == '" + open.getString("id") + "' }.uses", equalTo(10))
                .body("items.find { it.id == '" + twice.getString("id") + "' }.uses", equalTo(2))
                .body("items.find { it.id == '" + fenced.getString("id") + "' }.uses", equalTo(0))
                .body("items.find { it.id == '" + revoked.getString("id") + "' }.uses", equalTo(0));
    }

    @Test
    void anExpiredLinkIsGone() {
        Scene s = scene("expired.bin", Http.bytes(10));
        JsonPath link = link(s, null);
        Db.update(
                "UPDATE download_links SET expires_at = now() - interval '1 second' WHERE id = ?::uuid",
                link.getString("id"));
        assertError(get(NOT_FOLLOWING, url(link)), 410, "link_gone");
        assertEquals("expired", uses(s, link.getString("id")).get(0).get("outcome"));
    }

    @Test
    void anAddressOutsideAllowedIpsIsNotFound() {
        Scene s = scene("ips.bin", Http.bytes(10));
        JsonPath outside = link(s, "\"allowed_ips\":[\"10.0.0.0/8\",\"2001:db8::/32\"]");
        assertEquals(List.of("10.0.0.0/8", "2001:db8::/32"), outside.getList("allowed_ips"));
        assertError(get(NOT_FOLLOWING, url(outside)), 404, "link_not_found");
        assertEquals("ip_refused", uses(s, outside.getString("id")).get(0).get("outcome"));
        assertEquals(0, outside.getInt("uses"));

        JsonPath inside = link(s, "\"allowed_ips\":[\"10.0.0.0/8\",\"127.0.0.1\"]");
        assertEquals(List.of("10.0.0.0/8", "127.0.0.1/32"), inside.getList("allowed_ips"));
        assertEquals(302, get(NOT_FOLLOWING, url(inside)).statusCode());
    }

    @Test
    void deletingTheAssetRevokesItsLinks() {
        Scene s = scene("deleted.bin", Http.bytes(10));
        JsonPath link = link(s, null);
        as(s.sk().secret()).delete("/api/v1/assets/" + s.assetId()).then().statusCode(204);
        as(s.sk().secret())
                .get("/api/v1/links/" + link.getString("id"))
                .then()
                .statusCode(200)
                .body("revoked_at", notNullValue());
        assertError(get(NOT_FOLLOWING, url(link)), 410, "link_gone");
        assertEquals("asset_gone", uses(s, link.getString("id")).get(0).get("outcome"));
        // and no new link for it
        as(s.sk().secret())
                .body("{\"asset_id\":\"" + s.assetId() + "\",\"expires_at\":\"" + in(Duration.ofHours(1)) + "\"}")
                .post("/api/v1/links")
                .then()
                .statusCode(409)
                .body("detail.code", equalTo("invalid_state"));
    }

    @Test
    void unknownAndMalformedTokensAreNotFound() {
        Scene s = scene("tokens.bin", Http.bytes(10));
        String a = url(link(s, null));
        String b = url(link(s, null));
        String tokenA = a.substring(a.lastIndexOf('/') + 1);
        String tokenB = b.substring(b.lastIndexOf('/') + 1);
        assertEquals(46, tokenA.length());
        assertNotEquals(tokenA.substring(0, 10), tokenB.substring(0, 10));
        // a guessed token of the right form, one of the wrong form, one a character off
        String guessed = "lk_" + "A".repeat(43);
        char last = tokenA.charAt(tokenA.length() - 1);
        String nextTo = tokenA.substring(0, tokenA.length() - 1) + (last == 'A' ? 'B' : 'A');
        for (String token : List.of(guessed, "lk_short", "sk-" + "A".repeat(43), nextTo)) {
            assertError(get(NOT_FOLLOWING, base + "l/" + token), 404, "link_not_found");
        }
        // and no log line shows one (an access log's path, say)
        assertEquals("GET /l/lk_[REDACTED] 302", dev.signet.ops.LogScrubber.scrub("GET /l/" + tokenA + " 302"));
        // only hashes are stored
        assertEquals(0, Db.count("SELECT count(*) FROM download_links WHERE token_hash LIKE 'lk_%'"));
    }

    @Test
    void anotherTeamSeesNothing() {
        Scene s = scene("mine.bin", Http.bytes(10));
        JsonPath link = link(s, null);
        String id = link.getString("id");
        Api.Key other = Api.team(unique("other")).mintKey("sk");
        as(other.secret()).get("/api/v1/links/" + id).then().statusCode(404).body("detail.code", equalTo("not_found"));
        as(other.secret()).delete("/api/v1/links/" + id).then().statusCode(404);
        as(other.secret()).get("/api/v1/links/" + id + "/uses").then().statusCode(404);
        as(other.secret()).get("/api/v1/links").then().statusCode(200).body("items.size()", equalTo(0));
        as(other.secret())
                .get("/api/v1/links?asset_id=" + s.assetId())
                .then()
                .statusCode(200)
                .body("items.size()", equalTo(0));
        // nor can it link the asset
        as(other.secret())
                .body("{\"asset_id\":\"" + s.assetId() + "\",\"expires_at\":\"" + in(Duration.ofHours(1)) + "\"}")
                .post("/api/v1/links")
                .then()
                .statusCode(404);
        assertEquals(302, get(NOT_FOLLOWING, url(link)).statusCode(), "not revoked by the attempt");
    }

    @Test
    void listsPageTheTeamsLinksWithTheirUses() {
        Scene s = scene("list.bin", Http.bytes(10));
        JsonPath first = link(s, null);
        link(s, "\"max_uses\":3");
        JsonPath third = link(s, null);
        get(NOT_FOLLOWING, url(third));
        settled();
        JsonPath page = as(s.sk().secret())
                .get("/api/v1/links?asset_id=" + s.assetId() + "&limit=2")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertEquals(2, page.getList("items").size());
        assertEquals(third.getString("id"), page.getString("items[0].id"));
        assertEquals(1, page.getInt("items[0].uses"));
        assertEquals(null, page.getString("items[0].url"), "the token is shown once");
        as(s.sk().secret())
                .get("/api/v1/links?asset_id=" + s.assetId() + "&cursor=" + page.getString("next_cursor"))
                .then()
                .statusCode(200)
                .body("items.size()", equalTo(1))
                .body("items[0].id", equalTo(first.getString("id")))
                .body("next_cursor", nullValue());
    }

    @Test
    void downloadKeysMayCreateButNotManage() {
        Scene s = scene("dk.bin", Http.bytes(10));
        Api.Key dk = s.team().mintKey("dk");
        String id = as(dk.secret())
                .body("{\"asset_id\":\"" + s.assetId() + "\",\"expires_at\":\"" + in(Duration.ofDays(30)) + "\"}")
                .post("/api/v1/links")
                .then()
                .statusCode(201)
                .body("created_by", notNullValue())
                .extract()
                .path("id");
        as(dk.secret()).get("/api/v1/links").then().statusCode(403);
        as(dk.secret()).delete("/api/v1/links/" + id).then().statusCode(403);
    }

    @Test
    void anAssetThatIsNotReadyCannotBeLinked() {
        Api.Key sk = Api.team(unique("pending")).mintKey("sk");
        String pending = as(sk.secret())
                .body("{\"type\":\"data\",\"content_type\":\"text/plain\"}")
                .post("/api/v1/assets/upload-url")
                .then()
                .statusCode(201)
                .extract()
                .path("asset.id");
        String before = Db.fingerprint();
        as(sk.secret())
                .body("{\"asset_id\":\"" + pending + "\",\"expires_at\":\"" + in(Duration.ofHours(1)) + "\"}")
                .post("/api/v1/links")
                .then()
                .statusCode(409)
                .body("detail.code", equalTo("invalid_state"))
                .body(
                        "detail.message",
                        equalTo("The asset is pending_upload: links can be made only for ready assets."));
        assertEquals(before, Db.fingerprint());
    }

    @Test
    void theAuditTrailKeepsACleanUserAgent() {
        Scene s = scene("agent.bin", Http.bytes(10));
        JsonPath link = link(s, null);
        given().redirects()
                .follow(false)
                .header("User-Agent", "x".repeat(600) + "\u0007")
                .get(url(link))
                .then()
                .statusCode(302);
        given().redirects()
                .follow(false)
                .header("User-Agent", "evil\tagent")
                .get(url(link))
                .then()
                .statusCode(302);
        List<Map<String, Object>> log = uses(s, link.getString("id"));
        assertEquals("evilagent", log.get(0).get("user_agent"));
        assertEquals("x".repeat(512), log.get(1).get("user_agent"));
    }

    @Test
    void usesOlderThanTheRetentionAreDeletedAndEveryUseIsCounted() {
        double redirected = count("redirected");
        double refused = count("ip_refused");
        Scene s = scene("old.bin", Http.bytes(10));
        JsonPath link = link(s, null);
        JsonPath fenced = link(s, "\"allowed_ips\":[\"192.0.2.0/24\"]");
        for (int i = 0; i < 3; i++) {
            assertEquals(302, get(NOT_FOLLOWING, url(link)).statusCode());
        }
        assertEquals(404, get(NOT_FOLLOWING, url(fenced)).statusCode());
        assertEquals(redirected + 3, count("redirected"));
        assertEquals(refused + 1, count("ip_refused"));

        Db.update(
                "UPDATE link_uses SET at = now() - interval '91 days' WHERE id IN (SELECT id FROM link_uses"
                        + " WHERE link_id = ?::uuid ORDER BY id LIMIT 2)",
                link.getString("id"));
        retention.sweep().await().atMost(Duration.ofSeconds(30));
        assertEquals(1, uses(s, link.getString("id")).size(), "the two older than 90 days are gone");
        assertEquals(1, uses(s, fenced.getString("id")).size());
        as(s.sk().secret()).get("/api/v1/links/" + link.getString("id")).then().body("uses", equalTo(3));
    }

    private double count(String outcome) {
        var counter = registry.find("signet.link.uses").tag("outcome", outcome).counter();
        return counter == null ? 0 : counter.count();
    }

    static byte[] readAll(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        in.transferTo(out);
        return out.toByteArray();
    }
}
