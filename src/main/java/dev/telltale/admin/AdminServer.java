package dev.telltale.admin;

import dev.telltale.config.AdminConfig;
import dev.telltale.config.ListenAddress;
import io.undertow.Undertow;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.RoutingHandler;
import io.undertow.server.handlers.BlockingHandler;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Optional;

/**
 * The admin plane: an Undertow server, separate from the Netty data plane, on {@code admin.listen}.
 *
 * <p>Endpoints: {@code GET /} (dashboard), {@code /metrics} (Prometheus text), {@code /healthz},
 * {@code /readyz}, {@code /api/upstreams}, {@code /api/failures?limit=N}, {@code /api/config},
 * {@code /reports/{request_id}}; {@code POST /api/reload} and {@code /api/drain}, which need
 * {@code Authorization: Bearer <admin.token>} and are disabled (403) when no token is set.
 * When bound to a non-loopback address (which needs a token) every endpoint but
 * {@code /healthz} and {@code /readyz} needs the token, since reports and config are what an
 * outsider must not read. Unknown paths answer 404 and wrong methods 405, both in JSON.
 */
public final class AdminServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AdminServer.class);
    private static final HttpString AUTHORIZATION = Headers.AUTHORIZATION;

    private final Undertow undertow;
    private final int port;

    private AdminServer(Undertow undertow) {
        this.undertow = undertow;
        this.port = ((InetSocketAddress) undertow.getListenerInfo().get(0).getAddress()).getPort();
    }

    /**
     * Binds and starts the admin plane.
     *
     * @throws IllegalArgumentException when {@code admin.listen} is off, or not loopback while
     *                                  {@code admin.token} is unset ({@link #bindProblem})
     * @throws RuntimeException         when the address cannot be bound
     */
    public static AdminServer start(AdminConfig config, AdminSources sources) {
        Optional<String> problem = bindProblem(config);
        if (problem.isPresent()) {
            throw new IllegalArgumentException(problem.get());
        }
        ListenAddress listen = config.listen();
        boolean protectReads = !isLoopback(listen.host());
        HttpHandler root = root(routes(new AdminApi(sources), token(config), protectReads));
        Undertow undertow = Undertow.builder()
                .addHttpListener(listen.port(), listen.host())
                .setIoThreads(1)
                .setWorkerThreads(4)
                .setHandler(root)
                .build();
        undertow.start();
        AdminServer server = new AdminServer(undertow);
        LOG.info("admin plane listening on {}", new ListenAddress(listen.host(), server.port()));
        return server;
    }

    /**
     * Why this config must not start an admin plane, or empty when it may: off, or a non-loopback
     * address without a token. Also for {@code -t}.
     */
    public static Optional<String> bindProblem(AdminConfig config) {
        if (config.listen() == null) {
            return Optional.of("admin.listen: off (the admin plane is disabled)");
        }
        if (token(config) == null && !isLoopback(config.listen().host())) {
            return Optional.of("admin.listen: " + config.listen()
                    + " requires admin.token (the admin plane exposes reports and config)");
        }
        return Optional.empty();
    }

    /** The bound port (the real one when configured with port 0). */
    public int port() {
        return port;
    }

    @Override
    public void close() {
        undertow.stop();
    }

    private static String token(AdminConfig config) {
        return config.token() == null || config.token().isEmpty() ? null : config.token();
    }

    /** True when every address the host names is loopback; a name that does not resolve is not. */
    static boolean isLoopback(String host) {
        try {
            InetAddress[] all = InetAddress.getAllByName(host);
            for (InetAddress a : all) {
                if (!a.isLoopbackAddress()) {
                    return false;
                }
            }
            return all.length > 0;
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private static HttpHandler routes(AdminApi api, String token, boolean protectReads) {
        Auth auth = new Auth(token);
        RoutingHandler r = new RoutingHandler(false)
                .get("/healthz", api::healthz)
                .get("/readyz", api::readyz)
                .get("/", auth.read(protectReads, api::dashboard))
                .get("/metrics", auth.read(protectReads, api::metrics))
                .get("/api/upstreams", auth.read(protectReads, api::upstreams))
                .get("/api/failures", auth.read(protectReads, api::failures))
                .get("/api/config", auth.read(protectReads, api::config))
                .get("/reports/{request_id}", auth.read(protectReads, api::report))
                .post("/api/reload", auth.write("POST /api/reload", api::reload))
                .post("/api/drain", auth.write("POST /api/drain", api::drain));
        r.setFallbackHandler(ex -> Responses.error(ex, 404, "not_found", "no such path: " + ex.getRequestPath()));
        r.setInvalidMethodHandler(ex -> {
            String allow = ex.getRequestPath().equals("/api/reload") || ex.getRequestPath().equals("/api/drain")
                    ? "POST" : "GET";
            ex.getResponseHeaders().put(Headers.ALLOW, allow);
            Responses.error(ex, 405, "method_not_allowed",
                    ex.getRequestMethod() + " " + ex.getRequestPath() + " (expected: " + allow + ")");
        });
        return r;
    }

    /** Security headers on everything, handlers on a worker thread, and no stack trace to the client. */
    private static HttpHandler root(HttpHandler routes) {
        HttpHandler guarded = ex -> {
            try {
                routes.handleRequest(ex);
            } catch (Exception e) {
                LOG.warn("admin {} {} failed: {}", ex.getRequestMethod(), ex.getRequestPath(), e.toString());
                if (!ex.isResponseStarted()) {
                    Responses.error(ex, 500, "internal", "the admin plane failed to answer; see the log");
                }
            }
        };
        HttpHandler blocking = new BlockingHandler(guarded);
        return ex -> {
            Responses.securityHeaders(ex);
            blocking.handleRequest(ex);
        };
    }

    /** Bearer-token checks; the comparison takes the same time whatever the guess. */
    private static final class Auth {
        private final byte[] tokenHash;

        Auth(String token) {
            this.tokenHash = token == null ? null : sha256(token);
        }

        HttpHandler write(String what, Endpoint endpoint) {
            return ex -> {
                if (tokenHash == null) {
                    Responses.error(ex, 403, "disabled", what + " is disabled: set admin.token to enable it");
                } else if (authorized(ex)) {
                    endpoint.handle(ex);
                }
            };
        }

        HttpHandler read(boolean protect, Endpoint endpoint) {
            return ex -> {
                if (!protect || authorized(ex)) {
                    endpoint.handle(ex);
                }
            };
        }

        /** True when the right token came; otherwise answers 401 and returns false. */
        private boolean authorized(HttpServerExchange ex) {
            String header = ex.getRequestHeaders().getFirst(AUTHORIZATION);
            if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
                unauthorized(ex, "missing bearer token (expected: Authorization: Bearer <admin.token>)");
                return false;
            }
            // Hashing first makes lengths equal, so isEqual's constant time covers the length too.
            if (!MessageDigest.isEqual(tokenHash, sha256(header.substring(7).trim()))) {
                unauthorized(ex, "wrong bearer token");
                return false;
            }
            return true;
        }

        private static void unauthorized(HttpServerExchange ex, String message) {
            ex.getResponseHeaders().put(Headers.WWW_AUTHENTICATE, "Bearer realm=\"telltale-admin\"");
            Responses.error(ex, 401, "unauthorized", message);
        }

        private static byte[] sha256(String s) {
            try {
                return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** An endpoint that may throw; {@link #root} turns a throw into a 500. */
    @FunctionalInterface
    interface Endpoint {
        void handle(HttpServerExchange ex) throws Exception;
    }
}
