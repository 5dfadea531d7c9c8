package dev.signet.access;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The one mapping from a key's kind and a member's role to the rows of the access matrix. */
class CallerKindTest {

    @Test
    void keysAreWhatTheirKindSays() {
        assertEquals(CallerKind.FULL_KEY, CallerKind.of(KeyKind.SK));
        assertEquals(CallerKind.DOWNLOAD_KEY, CallerKind.of(KeyKind.DK));
        assertEquals(CallerKind.SCANNER_KEY, CallerKind.of(KeyKind.VK));
        assertEquals(CallerKind.UPLOAD_KEY, CallerKind.of(KeyKind.UK));
        for (KeyKind kind : KeyKind.values()) {
            assertTrue(CallerKind.of(kind).isKey(), kind + " is a key");
        }
    }

    @Test
    void membersAreWhatTheirRoleSays() {
        assertEquals(
                Map.of(Role.OWNER, CallerKind.OWNER, Role.ADMIN, CallerKind.ADMIN, Role.MEMBER, CallerKind.MEMBER),
                Arrays.stream(Role.values()).collect(Collectors.toMap(role -> role, CallerKind::of)));
        for (Role role : Role.values()) {
            assertFalse(CallerKind.of(role).isKey(), role + " is a person");
        }
    }

    @Test
    void everyKindButThePlatformAdminComesFromAKeyOrARole() {
        Set<CallerKind> reached = Arrays.stream(KeyKind.values())
                .map(CallerKind::of)
                .collect(Collectors.toCollection(() -> EnumSet.noneOf(CallerKind.class)));
        Arrays.stream(Role.values()).map(CallerKind::of).forEach(reached::add);
        assertEquals(EnumSet.complementOf(EnumSet.of(CallerKind.PLATFORM_ADMIN)), reached);
    }

    @Test
    void theWireNamesStay() {
        assertEquals(
                "owner admin member",
                Arrays.stream(Role.values()).map(Role::wire).collect(Collectors.joining(" ")));
        assertEquals(
                "sk dk vk uk",
                Arrays.stream(KeyKind.values()).map(KeyKind::wire).collect(Collectors.joining(" ")));
    }
}
