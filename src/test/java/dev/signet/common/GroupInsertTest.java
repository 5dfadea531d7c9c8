package dev.signet.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signet.http.Outages;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;
import java.net.ConnectException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** Grouping and per-row outcomes of {@link GroupInsert}, with statements the test completes by hand. */
class GroupInsertTest {

    /** Statements sent, each held open until the test completes it. */
    private final List<List<String>> statements = new CopyOnWriteArrayList<>();

    private final List<UniEmitter<? super Void>> open = new CopyOnWriteArrayList<>();
    private final List<Integer> sizes = new CopyOnWriteArrayList<>();
    /** Outcome per row: "ok" or the failure's message. */
    private final Map<String, String> outcomes = new ConcurrentHashMap<>();

    private GroupInsert<String> group(int maxBatch, int maxInFlight, String badRow) {
        return new GroupInsert<>(
                maxBatch,
                maxInFlight,
                rows -> statement(rows, rows.contains(badRow)),
                row -> statement(List.of(row), row.equals(badRow)),
                sizes::add,
                Outages::isUnavailable);
    }

    private Uni<Void> statement(List<String> rows, boolean fails) {
        statements.add(rows);
        if (fails) {
            return Uni.createFrom().failure(new IllegalStateException("bad row in " + rows));
        }
        return Uni.createFrom().emitter(open::add);
    }

    private void insert(GroupInsert<String> group, String row) {
        group.insert(row).subscribe().with(ok -> outcomes.put(row, "ok"), e -> outcomes.put(row, e.getMessage()));
    }

    private void completeAll() {
        while (!open.isEmpty()) {
            open.remove(0).complete(null);
        }
    }

    @Test
    void anIdleGroupSendsARowAtOnceAndRowsArrivingMeanwhileGoTogether() {
        GroupInsert<String> group = group(3, 1, null);
        insert(group, "a");
        assertEquals(List.of(List.of("a")), statements, "an idle group sends at once, alone");
        for (String row : List.of("b", "c", "d", "e")) {
            insert(group, row);
        }
        assertEquals(1, statements.size(), "nothing more is sent while the one allowed statement runs");
        assertTrue(outcomes.isEmpty(), "no caller is answered before its statement committed");

        open.remove(0).complete(null);
        assertEquals("ok", outcomes.get("a"));
        assertEquals(List.of("b", "c", "d"), statements.get(1), "the waiting rows go together, up to the batch size");
        assertNull(outcomes.get("b"));

        completeAll();
        assertEquals(List.of("e"), statements.get(2));
        completeAll();
        assertEquals(Map.of("a", "ok", "b", "ok", "c", "ok", "d", "ok", "e", "ok"), outcomes);
        assertEquals(List.of(1, 3, 1), sizes);
        assertEquals(0, group.waiting());
    }

    @Test
    void aFailedGroupIsRetriedRowByRowSoOnlyTheBadRowFails() {
        GroupInsert<String> group = group(10, 1, "bad");
        insert(group, "first");
        insert(group, "x");
        insert(group, "bad");
        insert(group, "y");
        open.remove(0).complete(null); // "first" commits; the group [x, bad, y] fails as a whole
        completeAll(); // the retries of x and y
        assertEquals(
                List.of(List.of("first"), List.of("x", "bad", "y"), List.of("x"), List.of("bad"), List.of("y")),
                statements);
        assertEquals("ok", outcomes.get("x"));
        assertEquals("ok", outcomes.get("y"));
        assertEquals("bad row in [bad]", outcomes.get("bad"));
    }

    @Test
    void aGroupFailedByADatabaseOutageIsNotRetriedRowByRow() {
        GroupInsert<String> group = group(10, 1, null);
        insert(group, "first");
        insert(group, "x");
        insert(group, "y");
        open.remove(0).complete(null);
        open.remove(0).fail(new ConnectException("Connection refused"));
        assertEquals(List.of(List.of("first"), List.of("x", "y")), statements, "no statement per row");
        assertEquals("Connection refused", outcomes.get("x"));
        assertEquals("Connection refused", outcomes.get("y"));
        insert(group, "z");
        assertEquals(List.of("z"), statements.get(2), "the failed statement released its slot");
    }

    @Test
    void statementsRunConcurrentlyUpToTheLimit() {
        GroupInsert<String> group = group(64, 2, null);
        List<String> rows = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            rows.add("r" + i);
            insert(group, "r" + i);
        }
        assertEquals(2, statements.size(), "two statements run at once");
        assertEquals(8, group.waiting());
        open.remove(0).complete(null);
        assertEquals(List.of("r2", "r3", "r4", "r5", "r6", "r7", "r8", "r9"), statements.get(2));
        completeAll();
        assertEquals(10, outcomes.size());
    }

    @Test
    void aStatementThatThrowsInsteadOfFailingStillAnswersTheCaller() {
        GroupInsert<String> group = new GroupInsert<>(
                4,
                1,
                rows -> {
                    throw new IllegalStateException("boom");
                },
                row -> {
                    throw new IllegalStateException("boom");
                },
                sizes::add,
                Outages::isUnavailable);
        insert(group, "a");
        assertInstanceOf(String.class, outcomes.get("a"));
        assertEquals("boom", outcomes.get("a"));
        insert(group, "b");
        assertEquals("boom", outcomes.get("b"), "the failed statement released its slot");
    }
}
