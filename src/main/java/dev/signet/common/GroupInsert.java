package dev.signet.common;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Group commit for inserts: rows that arrive while {@code maxInFlight} statements are already running wait
 * and go together in the next statement (one round trip, one commit, one WAL flush for all of them). Each
 * caller's {@link Uni} completes only after its row's statement committed, so every answer is as durable
 * as with one INSERT per request; an idle service sends each row at once, alone. Reads can be grouped the same way
 * (a download link's check): each caller's item arrives once its group's statement answered.
 * <p>
 * When a multi-row statement fails (one bad row fails them all), its rows are sent again one by one, so
 * each caller gets the outcome of its own row; not when the database is unavailable (as the caller judges failures): then
 * every row of the statement fails with it. Callers are resumed on the Vert.x context they called from.
 *
 * @param <T> a row
 */
public final class GroupInsert<T> {

    private final int maxBatch;
    private final int maxInFlight;
    private final Function<List<T>, Uni<Void>> insertMany;
    private final Function<T, Uni<Void>> insertOne;
    private final Consumer<Integer> batchSizes;
    private final Predicate<Throwable> unavailable;
    private final ConcurrentLinkedQueue<Waiter<T>> waiting = new ConcurrentLinkedQueue<>();
    private final AtomicInteger inFlight = new AtomicInteger();

    /**
     * @param maxBatch rows per statement at most
     * @param maxInFlight statements running at once at most (the rest wait and are grouped)
     * @param insertMany one statement for several rows
     * @param insertOne one statement for one row (the idle case and the fallback after a failed group)
     * @param batchSizes told the size of every statement sent (for metrics)
     * @param unavailable whether a failure means the database is unavailable (its rows are not sent again)
     */
    public GroupInsert(
            int maxBatch,
            int maxInFlight,
            Function<List<T>, Uni<Void>> insertMany,
            Function<T, Uni<Void>> insertOne,
            Consumer<Integer> batchSizes,
            Predicate<Throwable> unavailable) {
        if (maxBatch < 1 || maxInFlight < 1) {
            throw new IllegalArgumentException("maxBatch and maxInFlight must be at least 1");
        }
        this.maxBatch = maxBatch;
        this.maxInFlight = maxInFlight;
        this.insertMany = insertMany;
        this.insertOne = insertOne;
        this.batchSizes = batchSizes;
        this.unavailable = unavailable;
    }

    /** Inserts the row; the item arrives once it is committed. */
    public Uni<Void> insert(T row) {
        return Uni.createFrom().emitter(emitter -> {
            waiting.add(new Waiter<>(row, emitter, Vertx.currentContext()));
            drain();
        });
    }

    /** Rows waiting for a statement (for tests and metrics). */
    public int waiting() {
        return waiting.size();
    }

    private void drain() {
        while (!waiting.isEmpty()) {
            int running = inFlight.get();
            if (running >= maxInFlight) {
                return; // the statement that finishes next drains again
            }
            if (!inFlight.compareAndSet(running, running + 1)) {
                continue;
            }
            List<Waiter<T>> group = new ArrayList<>(Math.min(maxBatch, 16));
            Waiter<T> next;
            while (group.size() < maxBatch && (next = waiting.poll()) != null) {
                group.add(next);
            }
            if (group.isEmpty()) {
                inFlight.decrementAndGet();
                continue;
            }
            send(group);
        }
    }

    private void send(List<Waiter<T>> group) {
        batchSizes.accept(group.size());
        Uni<Void> statement;
        if (group.size() == 1) {
            statement = safely(() -> insertOne.apply(group.get(0).row));
        } else {
            List<T> rows = new ArrayList<>(group.size());
            for (Waiter<T> waiter : group) {
                rows.add(waiter.row);
            }
            statement = safely(() -> insertMany.apply(rows));
        }
        statement
                .subscribe()
                .with(
                        ok -> {
                            finished();
                            group.forEach(Waiter::succeed);
                        },
                        failure -> {
                            finished();
                            if (group.size() == 1 || unavailable.test(failure)) {
                                // The database is unavailable: a row-by-row retry would only add connection attempts,
                                // and after a
                                // connection lost at commit it could meet its own committed row. Every caller gets the
                                // outage.
                                group.forEach(waiter -> waiter.fail(failure));
                            } else {
                                // One bad row (e.g. a foreign workflow) fails the whole statement: find out whose it
                                // was.
                                for (Waiter<T> waiter : group) {
                                    safely(() -> insertOne.apply(waiter.row))
                                            .subscribe()
                                            .with(o -> waiter.succeed(), waiter::fail);
                                }
                            }
                        });
    }

    private void finished() {
        inFlight.decrementAndGet();
        drain();
    }

    private static Uni<Void> safely(Supplier<Uni<Void>> statement) {
        try {
            return statement.get();
        } catch (RuntimeException e) {
            return Uni.createFrom().failure(e);
        }
    }

    private record Waiter<T>(T row, UniEmitter<? super Void> emitter, Context context) {

        void succeed() {
            resume(() -> emitter.complete(null));
        }

        void fail(Throwable failure) {
            resume(() -> emitter.fail(failure));
        }

        private void resume(Runnable action) {
            if (context == null || context == Vertx.currentContext()) {
                action.run();
            } else {
                context.runOnContext(ignored -> action.run());
            }
        }
    }
}
