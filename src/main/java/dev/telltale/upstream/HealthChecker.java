package dev.telltale.upstream;

import dev.telltale.config.UpstreamConfig;
import dev.telltale.diagnose.Cause;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.Future;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Active health checks of one configuration: for every server of every upstream that has a
 * {@code health_check}, one check every {@code interval} ({@link UpstreamClient#check}), its
 * outcome fed to {@link ServerHealth#activeResult} and a state change reported to
 * {@link UpstreamEvents#healthChanged}.
 *
 * <p>Each server's checks run on one of the proxy's event loops (spread over them), off the
 * request path: a check is a few callbacks on the loop and one short-lived connection. The next
 * check of a server is scheduled when the previous one ended, {@code interval} after it started,
 * so a slow server never has two checks in flight. The first check runs at once. A reload stops
 * this checker and starts one for the new configuration, whose servers start actively up.
 */
public final class HealthChecker implements AutoCloseable {
    /** A checker that checks nothing. */
    public static final HealthChecker NONE = new HealthChecker(List.of());

    private final List<Task> tasks;
    private volatile boolean stopped;

    private HealthChecker(List<Task> tasks) {
        this.tasks = tasks;
    }

    /**
     * Starts checking.
     *
     * @param loops where checks run: each server is given the next loop of this group
     */
    public static HealthChecker start(Collection<UpstreamGroup> groups, UpstreamClient client, EventLoopGroup loops,
                                      UpstreamEvents events) {
        List<Task> tasks = new ArrayList<>();
        for (UpstreamGroup g : groups) {
            UpstreamConfig.HealthCheck check = g.config().healthCheck();
            if (check == null) {
                continue;
            }
            for (Server s : g.servers()) {
                tasks.add(new Task(s, check, (EventLoop) loops.next(), client, events));
            }
        }
        HealthChecker checker = new HealthChecker(List.copyOf(tasks));
        for (Task t : checker.tasks) {
            t.owner = checker;
            t.schedule(0);
        }
        return checker;
    }

    /** Servers being checked. */
    public int checkedServers() {
        return tasks.size();
    }

    /** Stops scheduling checks; a check in flight finishes and is ignored. Idempotent. */
    @Override
    public void close() {
        stopped = true;
        for (Task t : tasks) {
            ScheduledFuture<?> f = t.next;
            if (f != null) {
                f.cancel(false);
            }
        }
    }

    /** The checks of one server; confined to its loop except for {@link #close}'s cancel. */
    private static final class Task {
        private final Server server;
        private final UpstreamConfig.HealthCheck check;
        private final EventLoop loop;
        private final UpstreamClient client;
        private final UpstreamEvents events;
        private HealthChecker owner;
        private volatile ScheduledFuture<?> next;

        Task(Server server, UpstreamConfig.HealthCheck check, EventLoop loop, UpstreamClient client,
             UpstreamEvents events) {
            this.server = server;
            this.check = check;
            this.loop = loop;
            this.client = client;
            this.events = events;
        }

        void schedule(long delayNanos) {
            if (owner.stopped) {
                return;
            }
            try {
                next = loop.schedule(this::run, delayNanos, TimeUnit.NANOSECONDS);
            } catch (RejectedExecutionException shuttingDown) {
                // the loops are stopping: so is the proxy
            }
        }

        private void run() {
            if (owner.stopped) {
                return;
            }
            long started = System.nanoTime();
            client.check(loop, server, check.path(), check.timeout().toMillis())
                    .addListener((Future<UpstreamClient.CheckResult> f) -> {
                        if (owner.stopped) {
                            return;
                        }
                        record(f.getNow());
                        schedule(Math.max(0, check.interval().toNanos() - (System.nanoTime() - started)));
                    });
        }

        private void record(UpstreamClient.CheckResult r) {
            boolean ok = r.failure() == null && check.expectStatus().contains(r.status());
            Cause cause = r.failure() == null ? null : r.failure().cause();
            String reason = r.failure() != null ? r.failure().message()
                    : "status " + r.status() + (ok ? "" : " (expected " + check.expectStatus() + ")") + " from "
                      + r.address() + " for GET " + check.path();
            ServerHealth.Change change = server.health().activeResult(ok, cause, reason);
            if (change != null) {
                events.healthChanged(server, change);
            }
        }
    }
}
