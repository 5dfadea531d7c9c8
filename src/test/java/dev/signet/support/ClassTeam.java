package dev.signet.support;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The team the tests of one class share, and no other class, with its keys: registered as a
 * {@code @RegisterExtension static final} field, it is made before the class's first test, after Quarkus's own
 * before-each (not before all tests: RestAssured knows the app's port only from then on), and before the test's
 * {@code @BeforeEach} methods, so a test's "no row changed" snapshot never sees it being made.
 *
 * <pre>
 * &#64;RegisterExtension
 * static final ClassTeam team = new ClassTeam("uploader", "sk");
 * ... as(team.sk().secret()) ... team.id() ...
 * </pre>
 */
public final class ClassTeam implements BeforeEachCallback {

    private final String owner;
    private final List<String> keyKinds;
    private final Map<String, Api.Key> keys = new LinkedHashMap<>();
    private Api.Team team;

    /** A team owned by a fresh user named after {@code ownerPrefix}, with one key of each of {@code keyKinds}. */
    public ClassTeam(String ownerPrefix, String... keyKinds) {
        this.owner = ownerPrefix;
        this.keyKinds = List.of(keyKinds);
    }

    @Override
    public synchronized void beforeEach(ExtensionContext context) {
        if (team == null) {
            team = Api.team(Api.unique(owner));
            for (String kind : keyKinds) {
                keys.put(kind, team.mintKey(kind));
            }
        }
    }

    public synchronized Api.Team get() {
        if (team == null) {
            throw new IllegalStateException("the class's team is made before its first test, not before that");
        }
        return team;
    }

    public UUID id() {
        return get().id();
    }

    public String ownerToken() {
        return get().ownerToken();
    }

    /** The class's {@code sk-} key (full access). */
    public Api.Key sk() {
        return key("sk");
    }

    /** The class's {@code dk-} key (downloads only). */
    public Api.Key dk() {
        return key("dk");
    }

    public void addMember(String userId, String role) {
        get().addMember(userId, role);
    }

    /** Another key of {@code kind}, new on every call. */
    public Api.Key mintKey(String kind) {
        return get().mintKey(kind);
    }

    private synchronized Api.Key key(String kind) {
        get();
        Api.Key key = keys.get(kind);
        if (key == null) {
            throw new IllegalStateException("no " + kind + "- key: name it in the ClassTeam's key kinds");
        }
        return key;
    }
}
