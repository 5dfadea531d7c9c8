package dev.signet.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedMethod;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;

/**
 * A top-frames aggregation of a JFR recording's {@code jdk.ExecutionSample} events: samples per thread
 * group, the hottest methods by self time and by inclusive time, and the share of samples whose stack
 * passes through each of a few marked subsystems (the questions the benchmark asks: how much is
 * presigning, the API-key lookup, the ORM, JSON, HTTP I/O, logging, tracing).
 *
 * <pre>java -cp ... dev.signet.bench.JfrTop &lt;recording.jfr&gt; [top-n]</pre>
 */
public final class JfrTop {

    /** Subsystems, each a set of frame prefixes ("class.method" or a package); a sample counts once per subsystem. */
    static final Map<String, List<String>> MARKERS = new LinkedHashMap<>();

    static {
        MARKERS.put(
                "presign: S3Presigner (all)",
                List.of("software.amazon.awssdk.services.s3.internal.signing.DefaultS3Presigner."));
        MARKERS.put("S3Storage.presign* (app presigning layer)", List.of("dev.signet.storage.S3Storage.presign"));
        MARKERS.put(
                "presign: SigV4 signing itself",
                List.of(
                        "software.amazon.awssdk.http.auth.aws.internal.signer.",
                        "software.amazon.awssdk.http.auth.aws.signer.",
                        "software.amazon.awssdk.auth.signer."));
        MARKERS.put(
                "presign: endpoint rules",
                List.of(
                        "software.amazon.awssdk.services.s3.endpoints.",
                        "software.amazon.awssdk.services.s3.internal.endpoints."));
        MARKERS.put(
                "presign: SDK interceptors",
                List.of("software.amazon.awssdk.core.interceptor.ExecutionInterceptorChain."));
        MARKERS.put(
                "S3 async client (HEAD)",
                List.of(
                        "software.amazon.awssdk.services.s3.DefaultS3AsyncClient.",
                        "software.amazon.awssdk.core.internal.http.async.",
                        "software.amazon.awssdk.http.crt."));
        MARKERS.put(
                "API-key auth (mechanism+provider)",
                List.of("dev.signet.access.BearerAuthenticationMechanism", "dev.signet.apikey.ApiKeyIdentityProvider"));
        MARKERS.put("API-key hash (SHA-256)", List.of("dev.signet.apikey.ApiKeySecrets.hash"));
        MARKERS.put("JWT verify (jose4j)", List.of("org.jose4j."));
        MARKERS.put("Quarkus security", List.of("io.quarkus.security.", "io.quarkus.vertx.http.runtime.security."));
        // the ORM proper: sessions, queries, inserts (not org.hibernate.validator, not the context wrappers
        // org.hibernate.reactive.context.* that sit under every continuation of a session)
        MARKERS.put(
                "Hibernate Reactive / ORM",
                List.of(
                        "org.hibernate.reactive.session",
                        "org.hibernate.reactive.engine",
                        "org.hibernate.reactive.loader",
                        "org.hibernate.reactive.persister",
                        "org.hibernate.reactive.sql",
                        "org.hibernate.reactive.mutiny.impl",
                        "org.hibernate.engine.",
                        "org.hibernate.query.",
                        "org.hibernate.sql.",
                        "org.hibernate.persister.",
                        "org.hibernate.loader.",
                        "org.hibernate.internal.",
                        "org.hibernate.event.",
                        "org.hibernate.boot.",
                        "org.hibernate.models."));
        MARKERS.put("Panache", List.of("io.quarkus.hibernate.reactive.panache."));
        MARKERS.put("PostgreSQL client (vertx-pg)", List.of("io.vertx.pgclient.", "io.vertx.sqlclient."));
        MARKERS.put("Bean Validation", List.of("org.hibernate.validator."));
        MARKERS.put("Jackson", List.of("com.fasterxml.jackson."));
        MARKERS.put("Quarkus REST (resteasy-reactive)", List.of("org.jboss.resteasy.reactive."));
        MARKERS.put("OpenTelemetry", List.of("io.opentelemetry.", "io.quarkus.opentelemetry."));
        MARKERS.put("logging", List.of("org.jboss.logmanager.", "org.jboss.logging."));
        MARKERS.put("exceptions (fillInStackTrace)", List.of("java.lang.Throwable.fillInStackTrace"));
        MARKERS.put(
                "socket read/write (Java side)",
                List.of(
                        "io.netty.channel.unix.FileDescriptor.",
                        "io.netty.channel.unix.Socket.",
                        "io.netty.channel.epoll.Native.",
                        "sun.nio.ch.SocketDispatcher.",
                        "sun.nio.ch.IOUtil."));
        MARKERS.put("Netty HTTP codec", List.of("io.netty.handler.codec.http."));
        MARKERS.put(
                "Hibernate Reactive session open/close",
                List.of(
                        "org.hibernate.reactive.mutiny.impl.MutinySessionFactoryImpl.",
                        "io.quarkus.hibernate.reactive.panache.common.runtime.SessionOperations."));
        MARKERS.put(
                "SQL pool acquire/release", List.of("io.vertx.sqlclient.impl.pool.", "io.vertx.core.net.impl.pool."));
        MARKERS.put("UUIDv7 / SecureRandom", List.of("com.fasterxml.uuid.", "java.security.SecureRandom."));
        MARKERS.put(
                "URL/URI building",
                List.of("java.net.URI.", "java.net.URL.", "software.amazon.awssdk.utils.http.SdkHttpUtils."));
        MARKERS.put("Flyway", List.of("org.flywaydb."));
        MARKERS.put(
                "class loading / linking",
                List.of(
                        "java.lang.ClassLoader.loadClass",
                        "io.quarkus.bootstrap.runner.RunnerClassLoader.",
                        "jdk.internal.loader."));
        MARKERS.put("Arc / CDI", List.of("io.quarkus.arc."));
    }

    private JfrTop() {}

    public static void main(String[] args) throws IOException {
        Path file = Path.of(args[0]);
        int top = args.length > 1 ? Integer.parseInt(args[1]) : 25;
        Map<String, Integer> self = new HashMap<>();
        Map<String, Integer> inclusive = new HashMap<>();
        Map<String, Integer> threads = new HashMap<>();
        Map<String, Integer> packages = new HashMap<>();
        Map<String, Integer> marked = new LinkedHashMap<>();
        MARKERS.keySet().forEach(k -> marked.put(k, 0));
        int samples = 0;
        int appSamples = 0;
        for (RecordedEvent event : RecordingFile.readAllEvents(file)) {
            if (!event.getEventType().getName().equals("jdk.ExecutionSample")) {
                continue;
            }
            RecordedStackTrace stack = event.getStackTrace();
            if (stack == null || stack.getFrames().isEmpty()) {
                continue;
            }
            samples++;
            RecordedThread thread = event.getThread("sampledThread");
            threads.merge(threadGroup(thread == null ? "?" : thread.getJavaName()), 1, Integer::sum);
            List<RecordedFrame> frames = stack.getFrames();
            self.merge(name(frames.get(0)), 1, Integer::sum);
            packages.merge(packageOf(name(frames.get(0))), 1, Integer::sum);
            Set<String> seen = new HashSet<>();
            Set<String> markersSeen = new HashSet<>();
            boolean app = false;
            for (RecordedFrame frame : frames) {
                String n = name(frame);
                if (seen.add(n)) {
                    inclusive.merge(n, 1, Integer::sum);
                }
                app |= n.startsWith("dev.signet.");
                for (Map.Entry<String, List<String>> m : MARKERS.entrySet()) {
                    if (!markersSeen.contains(m.getKey())
                            && m.getValue().stream().anyMatch(n::startsWith)) {
                        markersSeen.add(m.getKey());
                    }
                }
            }
            if (app) {
                appSamples++;
            }
            markersSeen.forEach(k -> marked.merge(k, 1, Integer::sum));
        }
        System.out.printf(
                "%s: %d execution samples (%d with a dev.signet frame; stacks are truncated at 64 frames)%n",
                file.getFileName(), samples, appSamples);
        if (samples == 0) {
            return;
        }
        final int total = samples;
        System.out.println("\n-- samples by thread --");
        print(threads, total, top);
        System.out.println("\n-- samples whose stack passes through (inclusive, each counted once) --");
        marked.entrySet().stream()
                .filter(e -> e.getValue() > 0)
                .sorted((a, b) -> b.getValue() - a.getValue())
                .forEach(e -> System.out.printf(
                        "%6.1f%%  %6d  %s%n", 100.0 * e.getValue() / total, e.getValue(), e.getKey()));
        System.out.println("\n-- self samples by package --");
        print(packages, total, top);
        System.out.println("\n-- top methods by self samples --");
        print(self, total, top);
        System.out.println("\n-- top dev.signet / SDK / ORM methods by inclusive samples --");
        Map<String, Integer> interesting = new HashMap<>();
        inclusive.forEach((k, v) -> {
            if (k.startsWith("dev.signet.")
                    || k.startsWith("software.amazon.")
                    || k.startsWith("org.hibernate.reactive.")
                    || k.startsWith("io.vertx.pgclient.")
                    || k.startsWith("io.quarkus.security.")
                    || k.startsWith("io.quarkus.vertx.http.runtime.security.")) {
                interesting.put(k, v);
            }
        });
        print(interesting, total, top);
    }

    private static void print(Map<String, Integer> counts, int total, int top) {
        List<Map.Entry<String, Integer>> entries = new ArrayList<>(counts.entrySet());
        entries.sort((a, b) -> b.getValue() - a.getValue());
        for (Map.Entry<String, Integer> e : entries.subList(0, Math.min(top, entries.size()))) {
            System.out.printf("%6.1f%%  %6d  %s%n", 100.0 * e.getValue() / total, e.getValue(), e.getKey());
        }
    }

    private static String name(RecordedFrame frame) {
        RecordedMethod m = frame.getMethod();
        return m == null ? "?" : m.getType().getName() + "." + m.getName();
    }

    /** The first four segments of the package: where self time lands. */
    private static String packageOf(String method) {
        String[] parts = method.split("\\.");
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < Math.min(4, parts.length - 2); i++) {
            b.append(i == 0 ? "" : ".").append(parts[i]);
        }
        return b.length() == 0 ? method : b.toString();
    }

    /** vert.x-eventloop-thread-0 -> vert.x-eventloop-thread-*, and so on. */
    private static String threadGroup(String name) {
        return name == null ? "?" : name.replaceAll("[0-9]+", "*");
    }
}
