package dev.signet.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every relative link in README.md and docs/**.md resolves: the file exists inside the repository (a reader of
 * a clone has nothing outside it), and an anchor names a heading of the target, as GitHub makes anchors.
 * Links to the web are not followed.
 */
class DocLinksTest {

    static final Path ROOT = Path.of("").toAbsolutePath().normalize();

    /**
     * Written on another branch of the same change: may be missing until that branch is merged, and is checked
     * like any other file once it is there.
     */
    static final Set<String> PENDING = Set.of();

    private static final Pattern FENCE = Pattern.compile("(?ms)^ {0,3}(```|~~~).*?^ {0,3}\\1[^\\n]*$");
    private static final Pattern CODE_SPAN = Pattern.compile("(`+)(?:(?!\\1).)+?\\1", Pattern.DOTALL);
    private static final Pattern LINK =
            Pattern.compile("!?\\[[^\\]]*\\]\\(\\s*<?([^)\\s>]+)>?(?:\\s+\"[^\"]*\")?\\s*\\)");
    private static final Pattern HEADING = Pattern.compile("(?m)^ {0,3}#{1,6}[ \\t]+(.+?)[ \\t#]*$");
    private static final Pattern HTML_ID = Pattern.compile("(?i)<a\\s+(?:id|name)=\"([^\"]+)\"");
    private static final Pattern SCHEME = Pattern.compile("^[a-zA-Z][a-zA-Z0-9+.-]*:");

    @Test
    void everyRelativeLinkResolves() throws IOException {
        List<String> broken = new ArrayList<>();
        Map<Path, Set<String>> anchors = new HashMap<>();
        for (Path doc : documents()) {
            for (String target : links(Files.readString(doc))) {
                String problem = problem(doc, target, anchors);
                if (problem != null) {
                    broken.add(ROOT.relativize(doc) + ": " + target + " (" + problem + ")");
                }
            }
        }
        assertEquals(List.of(), broken, "broken relative links");
    }

    @Test
    void theCheckSeesLinksAndAnchors() {
        assertEquals(
                List.of("a.md#b", "c/d.md", "#e"),
                links("[x](a.md#b) `[no](code.md)` ![img](c/d.md \"t\")\n```\n[no](fenced.md)\n```\n[y](#e)"));
        assertEquals(
                Set.of(
                        "the-contract-docsopenapiyaml",
                        "issue-12-the-jvm-and-memory",
                        "browser-apps-and-the-buckets-cors",
                        "x",
                        "x-1"),
                anchorsOf("## The contract: `docs/openapi.yaml`\n### Issue 12: the JVM, and memory\n"
                        + "# Browser apps and the bucket's CORS\n## x\n## x\n"));
    }

    static List<Path> documents() throws IOException {
        List<Path> docs = new ArrayList<>(List.of(ROOT.resolve("README.md")));
        try (Stream<Path> files = Files.walk(ROOT.resolve("docs"))) {
            files.filter(p -> p.toString().endsWith(".md")).sorted().forEach(docs::add);
        }
        return docs;
    }

    static List<String> links(String markdown) {
        String text = CODE_SPAN.matcher(FENCE.matcher(markdown).replaceAll("")).replaceAll("");
        List<String> targets = new ArrayList<>();
        Matcher m = LINK.matcher(text);
        while (m.find()) {
            targets.add(m.group(1));
        }
        return targets;
    }

    private static String problem(Path doc, String target, Map<Path, Set<String>> anchors) {
        if (SCHEME.matcher(target).find() || target.startsWith("//")) {
            return null; // the web (or mailto:): not this test's business
        }
        int hash = target.indexOf('#');
        String path = URLDecoder.decode(hash < 0 ? target : target.substring(0, hash), StandardCharsets.UTF_8);
        String anchor = hash < 0 ? null : target.substring(hash + 1);
        Path file = path.isEmpty() ? doc : doc.getParent().resolve(path).normalize();
        if (!file.startsWith(ROOT)) {
            return "outside the repository";
        }
        if (!Files.exists(file)) {
            return PENDING.contains(ROOT.relativize(file).toString().replace('\\', '/')) ? null : "no such file";
        }
        if (anchor == null || anchor.isEmpty() || !file.toString().endsWith(".md")) {
            return null;
        }
        Set<String> known = anchors.computeIfAbsent(file, f -> {
            try {
                return anchorsOf(Files.readString(f));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        return known.contains(URLDecoder.decode(anchor, StandardCharsets.UTF_8).toLowerCase(Locale.ROOT))
                ? null
                : "no heading with that anchor";
    }

    /** GitHub's anchors: lower case, punctuation dropped, spaces as hyphens, repeats numbered. */
    static Set<String> anchorsOf(String markdown) {
        String text = FENCE.matcher(markdown).replaceAll("");
        Set<String> anchors = new HashSet<>();
        Map<String, Integer> seen = new HashMap<>();
        Matcher m = HEADING.matcher(text);
        while (m.find()) {
            String slug = m.group(1)
                    .replaceAll("<[^>]+>", "")
                    .toLowerCase(Locale.ROOT)
                    .replaceAll("[^\\p{L}\\p{M}\\p{N}\\p{Pc} -]", "")
                    .replace(' ', '-');
            int n = seen.merge(slug, 1, Integer::sum) - 1;
            anchors.add(n == 0 ? slug : slug + "-" + n);
        }
        Matcher ids = HTML_ID.matcher(text);
        while (ids.find()) {
            anchors.add(ids.group(1).toLowerCase(Locale.ROOT));
        }
        return anchors;
    }
}
