package dev.signet.dev;

import dev.signet.access.Access;
import dev.signet.access.Permission;
import io.quarkus.arc.profile.IfBuildProfile;
import io.smallrye.jwt.build.Jwt;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Dev mode only (removed from test and production builds): mints a JWT signed with the dev key, so a
 * newcomer can call the API at once: {@code curl -s -X POST 'localhost:8080/dev/token?sub=alice'}.
 */
@IfBuildProfile("dev")
@Path("/dev/token")
public class DevTokenResource {

    public record DevToken(String accessToken, String tokenType, long expiresIn, String sub) {}

    private final String issuer;
    private final String audience;

    public DevTokenResource(
            @ConfigProperty(name = "mp.jwt.verify.issuer") String issuer,
            @ConfigProperty(name = "mp.jwt.verify.audiences") List<String> audiences) {
        this.issuer = issuer;
        this.audience = audiences.get(0);
    }

    @POST
    @Produces(MediaType.APPLICATION_JSON)
    @Access(Permission.PUBLIC)
    public DevToken mint(
            @QueryParam("sub") @DefaultValue("dev-user") String subject, @QueryParam("groups") List<String> groups) {
        Duration lifetime = Duration.ofHours(12);
        String token = Jwt.issuer(issuer)
                .audience(audience)
                .subject(subject)
                .groups(Set.copyOf(groups))
                .expiresIn(lifetime)
                // signed with smallrye.jwt.sign.key.location, the dev key
                .sign();
        return new DevToken(token, "Bearer", lifetime.toSeconds(), subject);
    }
}
