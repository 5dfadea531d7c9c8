package dev.signet.verify;

import static dev.signet.support.Api.as;
import static dev.signet.support.Api.unique;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signet.support.Api;
import dev.signet.support.Db;
import dev.signet.support.Http;
import dev.signet.support.Samples;
import dev.signet.support.Storage;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.io.IOException;
import java.math.BigInteger;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The reference scanner ({@code scanner/clamav-scanner.mjs}) for real: a real clamd (Debian's clamav-daemon) with a
 * signature database of its own (the EICAR test file's MD5 in an {@code .hdb} file: no freshclam, no network), Signet
 * with the scanning gate on, the scanner run once with a {@code vk-} key. EICAR ends quarantined, a clean file ready.
 */
@QuarkusTest
class ClamavScannerTest {

    static Process clamd;
    static int clamdPort;
    static Path dir;

    @Inject
    Storage objects;

    @BeforeAll
    static void startClamd() throws Exception {
        Path binary = Path.of("/usr/sbin/clamd");
        assertTrue(
                Files.isExecutable(binary),
                "clamd is not installed: apt-get install -y clamav-daemon (.ci/run installs it)");
        dir = Files.createTempDirectory("signet-clamd");
        Path db = Files.createDirectories(dir.resolve("db"));
        byte[] eicar = Samples.eicar();
        String md5 = String.format(
                "%032x", new BigInteger(1, MessageDigest.getInstance("MD5").digest(eicar)));
        Files.writeString(db.resolve("signet-test.hdb"), md5 + ":" + eicar.length + ":Eicar-Test\n");
        try (ServerSocket free = new ServerSocket(0)) {
            clamdPort = free.getLocalPort();
        }
        Path conf = dir.resolve("clamd.conf");
        Files.writeString(
                conf,
                String.join(
                        "\n",
                        "Foreground yes",
                        "DatabaseDirectory " + db,
                        "TCPSocket " + clamdPort,
                        "TCPAddr 127.0.0.1",
                        "LogFile " + dir.resolve("clamd.log"),
                        "User " + System.getProperty("user.name"),
                        ""));
        clamd = new ProcessBuilder("/usr/sbin/clamd", "-c", conf.toString())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("clamd.out").toFile())
                .start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!answersPing()) {
            if (!clamd.isAlive() || System.nanoTime() > deadline) {
                throw new IllegalStateException("clamd did not start: " + Files.readString(dir.resolve("clamd.out")));
            }
            Thread.sleep(200);
        }
    }

    private static boolean answersPing() {
        try (Socket socket = new Socket("127.0.0.1", clamdPort)) {
            socket.getOutputStream().write("zPING\0".getBytes(StandardCharsets.US_ASCII));
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).startsWith("PONG");
        } catch (IOException e) {
            return false;
        }
    }

    @AfterAll
    static void stopClamd() throws InterruptedException {
        if (clamd != null) {
            clamd.destroy();
            clamd.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void eicarIsQuarantinedAndACleanFileBecomesReady() throws Exception {
        Api.Team team = Api.team(unique("clam"));
        ScanningGateTest.setScanning(team, "true").then().statusCode(200);
        Api.Key sk = team.mintKey("sk");
        Api.Key vk = team.mintKey("vk");
        JsonPath eicar = scanning(sk, "eicar.com.txt", Samples.eicar());
        JsonPath clean =
                scanning(sk, "notes.txt", "just some notes\n".repeat(10_000).getBytes()); // 160 kB

        Map<String, String> env = Map.of(
                "SIGNET_URL",
                "http://localhost:" + RestAssured.port,
                "SIGNET_SCANNER_KEY",
                vk.secret(),
                "CLAMD_HOST",
                "127.0.0.1",
                "CLAMD_PORT",
                String.valueOf(clamdPort),
                "ONCE",
                "1");
        ProcessBuilder run = new ProcessBuilder("node", "scanner/clamav-scanner.mjs")
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("scanner.log").toFile());
        run.environment().putAll(env);
        Process process = run.start();
        assertTrue(process.waitFor(120, TimeUnit.SECONDS), "the scanner finished");
        String log = Files.readString(dir.resolve("scanner.log"));
        assertEquals(0, process.exitValue(), log);

        JsonPath judged = as(sk.secret())
                .get("/api/v1/assets/" + eicar.getString("id"))
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertEquals("quarantined", judged.getString("state"), log);
        assertEquals(null, objects.head(eicar.getString("object_key")), "the infected object is deleted");
        assertEquals(
                "Eicar-Test.UNOFFICIAL",
                Db.string("SELECT scan_detail FROM assets WHERE id = ?::uuid", eicar.getString("id")),
                log);
        assertEquals(
                "ready",
                as(sk.secret())
                        .get("/api/v1/assets/" + clean.getString("id"))
                        .then()
                        .statusCode(200)
                        .extract()
                        .path("state"),
                log);
        assertEquals(
                1,
                Db.count(
                        "SELECT count(*) FROM asset_events WHERE asset_id = ?::uuid AND type = 'asset.quarantined'",
                        eicar.getString("id")));
    }

    private static JsonPath scanning(Api.Key sk, String name, byte[] bytes) {
        JsonPath created = as(sk.secret())
                .body("{\"type\":\"document\",\"content_type\":\"text/plain\",\"file_name\":\"" + name
                        + "\",\"file_size\":" + bytes.length + "}")
                .post("/api/v1/assets/upload-url")
                .then()
                .statusCode(201)
                .extract()
                .jsonPath();
        Map<String, String> headers = created.getMap("upload.headers");
        assertEquals(
                200, Http.put(created.getString("upload.url"), headers, bytes).statusCode());
        JsonPath confirmed = as(sk.secret())
                .post("/api/v1/assets/" + created.getString("asset.id") + "/confirm")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertEquals("scanning", confirmed.getString("state"));
        return confirmed;
    }
}
