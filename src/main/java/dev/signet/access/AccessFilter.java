package dev.signet.access;

import dev.signet.error.ErrorCode;
import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ResourceInfo;
import java.lang.reflect.Method;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Checks every endpoint's {@link Access} before it runs: deny by default (no declaration, no access), 401
 * without a credential, then the team of team-scoped permissions resolved once ({@link TeamAccess}) and
 * the caller's kind there checked against the permission ({@link Permission}). The resolved team is left in
 * {@link CurrentCaller} for the endpoint. Public endpoints cost no authentication at all.
 */
public class AccessFilter {

    private final CurrentIdentityAssociation identities;
    private final TeamAccess teams;
    private final CurrentCaller current;
    private final Map<Method, Permission> declared = new ConcurrentHashMap<>();

    public AccessFilter(CurrentIdentityAssociation identities, TeamAccess teams, CurrentCaller current) {
        this.identities = identities;
        this.teams = teams;
        this.current = current;
    }

    @ServerRequestFilter
    public Uni<Void> check(ResourceInfo resource, ContainerRequestContext request) {
        Permission permission = declared.computeIfAbsent(resource.getResourceMethod(), AccessFilter::declaration);
        if (permission == Permission.PUBLIC) {
            return Uni.createFrom().voidItem();
        }
        if (permission == null) {
            return Uni.createFrom().failure(ErrorCode.NOT_ALLOWED.exception());
        }
        return identities.getDeferredIdentity().chain(identity -> {
            Caller caller = Caller.of(identity);
            current.set(identity);
            return switch (permission.scope()) {
                case NONE -> {
                    requireIdentityPermission(permission, caller);
                    yield Uni.createFrom().voidItem();
                }
                case TEAM_HEADER ->
                    teams.fromHeader(caller, request.getHeaderString(TeamAccess.TEAM_HEADER))
                            .invoke(team -> current.set(team.require(permission)))
                            .replaceWithVoid();
                case TEAM_PATH ->
                    teams.fromPath(
                                    caller,
                                    request.getUriInfo().getPathParameters().getFirst("teamId"))
                            .invoke(team -> current.set(team.require(permission)))
                            .replaceWithVoid();
            };
        });
    }

    private static void requireIdentityPermission(Permission permission, Caller caller) {
        // a scanner's key serves its scanner only: not even the list of teams (issue 21)
        if (caller instanceof Caller.ApiKey key && key.kind() == KeyKind.VK) {
            throw ErrorCode.SCANNER_ONLY_KEY.exception();
        }
        // an upload key uploads through Uppy's routes, and learns nothing else (issue 23)
        if (caller instanceof Caller.ApiKey key && key.kind() == KeyKind.UK) {
            throw ErrorCode.UPLOAD_ONLY_KEY.exception();
        }
        if (permission == Permission.CREATE_TEAMS) {
            if (!(caller instanceof Caller.User user)) {
                throw ErrorCode.PEOPLE_ONLY.exception();
            }
            if (!user.teamCreator()) {
                throw ErrorCode.TEAM_CREATORS_ONLY.exception();
            }
        }
    }

    private static Permission declaration(Method method) {
        Access access = method.getAnnotation(Access.class);
        return access == null ? null : access.value();
    }
}
