package dev.signet.bench;

import dev.signet.localstack.LocalStack;
import dev.signet.support.JwksServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Base64;
import java.util.Map;

/**
 * The benchmark's embedded stack: starts {@link LocalStack} (PostgreSQL + S3Proxy) on free ports with
 * fresh data, writes the configuration Signet needs as shell {@code export} lines (the Quarkus
 * environment-variable form of {@link LocalStack#config()}, plus {@code PG*} for psql and the process ids
 * to account CPU to), and an identity provider's JWKS endpoint ({@link JwksServer}) with the key that signs
 * the benchmark's tokens, then stays up until it is killed or the process that started it goes away.
 * <p>
 * While up, it obeys one command at a time written to {@code stack.cmd} beside the env file:
 * {@code stop-postgres} or {@code start-postgres} (same port, same data), for the benchmark of a database
 * restart under load ({@code BENCH_MODE=pg_restart}). It answers in {@code stack.cmd.done}: {@code ok <ms>}
 * or {@code failed <reason>}.
 *
 * <pre>java -cp ... dev.signet.bench.BenchStack &lt;data-dir&gt; &lt;env-file&gt; &lt;s3proxy-jar|--jwks-only&gt; [parent-pid]</pre>
 *
 * Not a test (no JUnit): it only lives in the test sources because the local stack is compiled there.
 */
public final class BenchStack {

    /** In place of the S3Proxy jar: start only the identity provider (PostgreSQL and S3 are configured). */
    static final String JWKS_ONLY = "--jwks-only";

    private BenchStack() {}

    public static void main(String[] args) throws Exception {
        if (args.length < 3) {
            System.err.println("usage: BenchStack <data-dir> <env-file> <s3proxy-jar> [parent-pid]");
            System.exit(2);
        }
        Path dataDir = Path.of(args[0]).toAbsolutePath();
        Path envFile = Path.of(args[1]).toAbsolutePath();
        Path jar = Path.of(args[2]).toAbsolutePath();
        long parent = args.length > 3 ? Long.parseLong(args[3]) : -1;

        // The identity provider: a JWKS endpoint with an RSA key, whose private half signs the bench's tokens.
        JwksServer jwks = JwksServer.start();
        // beside the env file: the stack wipes its data directory when it starts
        Path privateKey = envFile.resolveSibling("jwt-private.pem");
        Files.writeString(
                privateKey,
                "-----BEGIN PRIVATE KEY-----\n"
                        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                                .encodeToString(jwks.rsa().privateKey().getEncoded())
                        + "\n-----END PRIVATE KEY-----\n");
        StringBuilder env = new StringBuilder();
        env.append("export MP_JWT_VERIFY_PUBLICKEY_LOCATION=")
                .append(quote(jwks.url()))
                .append('\n');
        env.append("export BENCH_JWT_KID=").append(quote(jwks.rsa().kid())).append('\n');
        env.append("export BENCH_JWT_PRIVATE_KEY=")
                .append(quote(privateKey.toString()))
                .append('\n');
        if (args[2].equals(JWKS_ONLY)) {
            publish(env, envFile);
            stayUntilParentIsGone(parent, () -> {});
        }

        LocalStack stack = LocalStack.start(new LocalStack.Settings(dataDir, false, 0, 0, jar));
        Runtime.getRuntime().addShutdownHook(new Thread(stack::close, "bench-stack-stop"));

        for (Map.Entry<String, String> e : stack.config().entrySet()) {
            env.append("export ")
                    .append(toEnv(e.getKey()))
                    .append('=')
                    .append(quote(e.getValue()))
                    .append('\n');
        }
        env.append("export PGHOST=127.0.0.1\n");
        env.append("export PGPORT=").append(stack.postgres().getPort()).append('\n');
        env.append("export PGUSER=postgres\nexport PGPASSWORD=postgres\n");
        env.append("export PGDATABASE=").append(LocalStack.DATABASE).append('\n');
        env.append("export BENCH_S3_ENDPOINT=")
                .append(quote(stack.s3Endpoint()))
                .append('\n');
        env.append("export BENCH_STACK_PID=")
                .append(ProcessHandle.current().pid())
                .append('\n');
        env.append("export BENCH_S3PROXY_PID=").append(s3ProxyPid()).append('\n');
        env.append("export BENCH_PG_DATA=")
                .append(quote(dataDir.resolve("postgres").toString()))
                .append('\n');
        publish(env, envFile);
        Path command = envFile.resolveSibling("stack.cmd");
        stayUntilParentIsGone(parent, () -> obey(stack, command));
    }

    /** Runs the command waiting in {@code file}, if any, and answers in {@code file.done}. */
    private static void obey(LocalStack stack, Path file) {
        String command;
        try {
            if (!Files.exists(file)) {
                return;
            }
            command = Files.readString(file).trim();
            Files.delete(file);
        } catch (IOException e) {
            return; // not readable yet: next tick
        }
        long start = System.nanoTime();
        String answer;
        try {
            switch (command) {
                case "stop-postgres" -> stack.stopPostgres();
                case "start-postgres" -> stack.startPostgres();
                default -> throw new IllegalArgumentException("unknown command " + command);
            }
            answer = "ok " + (System.nanoTime() - start) / 1_000_000;
        } catch (RuntimeException e) {
            answer = "failed " + e;
        }
        System.out.println("command " + command + ": " + answer);
        try {
            Path done = file.resolveSibling(file.getFileName() + ".done");
            Path tmp = file.resolveSibling(file.getFileName() + ".done.tmp");
            Files.writeString(tmp, answer + "\n");
            Files.move(tmp, done, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            System.out.println("could not answer " + command + ": " + e);
        }
    }

    /** The script waits for the file: it appears whole or not at all. */
    private static void publish(StringBuilder env, Path envFile) throws IOException {
        Path tmp = envFile.resolveSibling(envFile.getFileName() + ".tmp");
        Files.writeString(tmp, env);
        Files.move(tmp, envFile, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        System.out.println("bench stack ready: " + envFile);
    }

    private static void stayUntilParentIsGone(long parent, Runnable onTick) throws InterruptedException {
        for (long tick = 0; ; tick++) {
            Thread.sleep(100);
            onTick.run();
            if (tick % 5 != 0) {
                continue;
            }
            if (parent > 0 && ProcessHandle.of(parent).map(p -> !p.isAlive()).orElse(true)) {
                System.out.println("parent " + parent + " is gone: stopping the stack");
                System.exit(0);
            }
        }
    }

    /** quarkus.datasource.reactive.url -> QUARKUS_DATASOURCE_REACTIVE_URL */
    static String toEnv(String key) {
        return key.toUpperCase(java.util.Locale.ROOT).replaceAll("[^A-Z0-9]", "_");
    }

    private static String quote(String value) {
        return "'" + value.replace("'", "'\\''") + "'";
    }

    private static long s3ProxyPid() throws IOException {
        return ProcessHandle.current()
                .children()
                .filter(p -> p.info().commandLine().orElse("").contains("S3ProxyWatchdog"))
                .mapToLong(ProcessHandle::pid)
                .findFirst()
                .orElse(-1);
    }
}
