package dev.signet;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The layering of docs/architecture.md, checked on the compiled classes: a package uses only packages on a lower
 * floor (but for the few uses refused here by name), and a feature uses another feature only along an edge declared
 * here. Since the floors are an order and
 * the allowed edges point one way, no two packages can use each other.
 */
class LayeringTest {

    /** Every package of Signet and its floor, from the ground up. */
    static final Map<String, Integer> FLOORS = Map.ofEntries(
            Map.entry("error", 1), // the catalogue and the one error response: nothing of Signet
            Map.entry("common", 2), // small utilities (ids, text, JSON, enums on the wire, SQL helpers)
            Map.entry("storage", 3), // the S3 gateway
            Map.entry("ops", 4), // metrics (observing storage) and health: every layer above counts into it
            Map.entry("access", 5), // who may call what
            Map.entry("http", 6), // the edge: CORS, request guard, exception mapping, OpenAPI, outages
            Map.entry("asset", 7), // features
            Map.entry("download", 7),
            Map.entry("uppy", 7),
            Map.entry("usage", 7),
            Map.entry("workflow", 7),
            Map.entry("team", 7),
            Map.entry("apikey", 7),
            Map.entry("webhook", 7),
            Map.entry("quota", 7),
            Map.entry("link", 7), // download links (issue 22)
            Map.entry("dev", 7), // dev-mode token minting
            Map.entry("verify", 7), // content verification and the scanning gate's settings (issue 21)
            Map.entry("", 8)); // dev.signet.Main

    /**
     * The features that may use another feature, and why. Kept short: every other feature talks to the rest only
     * through the floors below it.
     */
    static final Set<String> FEATURE_EDGES = Set.of(
            // downloads sign URLs for the team's ready assets (references 000, 001, 004)
            "download -> asset",
            // reference 001's workflow:// URIs: the workflow must be the team's
            "download -> workflow",
            // storage usage is the sum of the team's ready assets
            "usage -> asset",
            // webhooks deliver the asset lifecycle's events (the outbox the upload lifecycle writes)
            "webhook -> asset",
            // a new upload's INSERT carries the configured default quotas, and its refusals are quota's
            "asset -> quota",
            // storage usage shows the team's quota and reservations beside its usage
            "usage -> quota",
            // settling an upload checks its content and asks whether the team's scanning gate is on (issue 21)
            "asset -> verify",
            // a link is made for one of the team's ready assets (AssetRepository reads it)
            "link -> asset",
            // Companion's S3 routes for Uppy are adapters over the asset and multipart calls
            "uppy -> asset");

    /**
     * Uses of a lower floor that are still refused. Storage answers in storage's terms (facts, its own exceptions,
     * IllegalArgumentException for a caller's mistake): a refusal that names a request field or carries an HTTP
     * status is made above it ({@code http/StorageInputs}, {@code asset/UploadPolicy}).
     */
    static final Set<String> REFUSED_EDGES = Set.of("storage -> error");

    @Test
    void everyPackageUsesOnlyWhatIsBelowIt() {
        JavaClasses classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.signet");
        Set<String> wrong = new TreeSet<>();
        for (JavaClass type : classes) {
            String from = packageOf(type);
            if (from == null) {
                continue;
            }
            if (!FLOORS.containsKey(from)) {
                wrong.add(type.getName() + ": package " + from + " has no floor in LayeringTest.FLOORS");
                continue;
            }
            for (Dependency dependency : type.getDirectDependenciesFromSelf()) {
                String to = packageOf(dependency.getTargetClass());
                if (to == null || to.equals(from) || !FLOORS.containsKey(to)) {
                    continue;
                }
                if (!allowed(from, to)) {
                    wrong.add(from + " -> " + to + ": " + dependency.getDescription());
                }
            }
        }
        assertEquals(List.of(), List.copyOf(wrong), "uses that run against the layering");
    }

    @Test
    void theRuleRefusesWhatItShould() {
        assertEquals(false, allowed("storage", "ops"), "a use of a higher floor");
        assertEquals(false, allowed("asset", "webhook"), "a feature using another without a declared edge");
        assertEquals(true, allowed("webhook", "asset"), "a declared edge");
        assertEquals(true, allowed("asset", "storage"), "a lower floor");
        assertEquals(false, allowed("storage", "error"), "a lower floor refused by name");
        assertEquals(true, allowed("storage", "common"), "a lower floor storage may use");
    }

    static boolean allowed(String from, String to) {
        int below = FLOORS.get(from);
        int above = FLOORS.get(to);
        if (above < below) {
            return !REFUSED_EDGES.contains(from + " -> " + to);
        }
        return above == below && FEATURE_EDGES.contains(from + " -> " + to);
    }

    /** The package under dev.signet ("" for dev.signet itself), or null for classes outside Signet's main code. */
    private static String packageOf(JavaClass type) {
        String name = type.getPackageName();
        if (name.equals("dev.signet")) {
            return "";
        }
        if (!name.startsWith("dev.signet.")) {
            return null;
        }
        String sub = name.substring("dev.signet.".length());
        int dot = sub.indexOf('.');
        String top = dot < 0 ? sub : sub.substring(0, dot);
        // the generated test client and the local-run tooling are not Signet's main code
        return top.equals("client") || top.equals("localstack") || top.equals("bench") ? null : top;
    }
}
