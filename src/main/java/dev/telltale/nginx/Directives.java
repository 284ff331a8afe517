package dev.telltale.nginx;

import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The directives Telltale understands, where each may appear and how many arguments it takes,
 * checked with nginx's own error messages; plus nginx directives Telltale knows but does not
 * support, so the error can say why rather than "unknown".
 */
final class Directives {
    enum Context { MAIN, EVENTS, HTTP, SERVER, LOCATION, UPSTREAM }

    /** {@code MAPPED} directives change the Telltale config; {@code NO_EFFECT} ones are accepted and noted. */
    enum Kind { MAPPED, NO_EFFECT }

    record Spec(String name, Set<Context> contexts, boolean block, int minArgs, int maxArgs, Kind kind) {
    }

    private static final int MANY = Integer.MAX_VALUE;
    private static final Set<Context> HSL = EnumSet.of(Context.HTTP, Context.SERVER, Context.LOCATION);
    private static final Set<Context> HS = EnumSet.of(Context.HTTP, Context.SERVER);
    private static final Map<String, Spec> SPECS = new LinkedHashMap<>();
    private static final Map<String, String> UNSUPPORTED = new LinkedHashMap<>();
    private static final Set<String> EVENTS = Set.of("worker_connections", "use", "multi_accept", "accept_mutex",
            "accept_mutex_delay");

    static {
        mapped("http", EnumSet.of(Context.MAIN), true, 0, 0);
        mapped("upstream", EnumSet.of(Context.HTTP), true, 1, 1);
        mapped("listen", EnumSet.of(Context.SERVER), false, 1, MANY);
        mapped("server_name", EnumSet.of(Context.SERVER), false, 1, MANY);
        mapped("location", EnumSet.of(Context.SERVER, Context.LOCATION), true, 1, 2);
        mapped("proxy_pass", EnumSet.of(Context.LOCATION), false, 1, 1);
        mapped("return", EnumSet.of(Context.SERVER, Context.LOCATION), false, 1, 2);
        mapped("root", HSL, false, 1, 1);
        mapped("alias", EnumSet.of(Context.LOCATION), false, 1, 1);
        mapped("index", HSL, false, 1, MANY);
        mapped("try_files", EnumSet.of(Context.SERVER, Context.LOCATION), false, 2, MANY);
        mapped("error_page", HSL, false, 2, MANY);
        mapped("add_header", HSL, false, 2, 3);
        mapped("default_type", HSL, false, 1, 1);
        mapped("log_format", EnumSet.of(Context.HTTP), false, 2, MANY);
        mapped("pid", EnumSet.of(Context.MAIN), false, 1, 1);
        for (String h : new String[] {"proxy_pass_header", "proxy_http_version", "proxy_buffering",
            "proxy_request_buffering"}) {
            mapped(h, HSL, false, 1, 1);
        }
        mapped("keepalive", EnumSet.of(Context.UPSTREAM), false, 1, 1);
        mapped("least_conn", EnumSet.of(Context.UPSTREAM), false, 0, 0);
        mapped("random", EnumSet.of(Context.UPSTREAM), false, 0, 2);
        for (String t : new String[] {"proxy_connect_timeout", "proxy_send_timeout", "proxy_read_timeout",
            "proxy_next_upstream_tries", "proxy_next_upstream_timeout", "proxy_hide_header", "client_max_body_size"}) {
            mapped(t, HSL, false, 1, 1);
        }
        mapped("proxy_set_header", HSL, false, 2, 2);
        mapped("proxy_redirect", HSL, false, 1, 2);
        mapped("client_header_timeout", HS, false, 1, 1);
        mapped("large_client_header_buffers", HS, false, 2, 2);
        mapped("access_log", HSL, false, 1, MANY);
        mapped("error_log", EnumSet.of(Context.MAIN, Context.HTTP, Context.SERVER, Context.LOCATION), false, 1, MANY);
        // keepalive_timeout is one directive in nginx's http module and another in upstream{}.
        mapped("keepalive_timeout", EnumSet.of(Context.HTTP, Context.SERVER, Context.LOCATION, Context.UPSTREAM),
                false, 1, 2);
        // server is a block in http{} and a simple directive in upstream{}: checked by the converter.
        mapped("server", EnumSet.of(Context.HTTP, Context.UPSTREAM), false, 0, MANY);

        noEffect("events", EnumSet.of(Context.MAIN), true, 0, 0);
        for (String m : new String[] {"user", "daemon", "master_process", "load_module", "pcre_jit",
            "timer_resolution", "lock_file", "env", "thread_pool"}) {
            noEffect(m, EnumSet.of(Context.MAIN), false, 1, MANY);
        }
        for (String e : EVENTS) {
            noEffect(e, EnumSet.of(Context.EVENTS), false, 1, 1);
        }
        noEffect("types", HSL, true, 0, 0);
        for (String h : new String[] {"sendfile", "tcp_nopush", "tcp_nodelay", "types_hash_max_size",
            "types_hash_bucket_size", "server_tokens"}) {
            noEffect(h, HSL, false, 1, 1);
        }
        for (String h : new String[] {"server_names_hash_max_size", "server_names_hash_bucket_size"}) {
            noEffect(h, EnumSet.of(Context.HTTP), false, 1, 1);
        }

        for (String s : new String[] {"autoindex", "expires", "etag", "open_file_cache", "charset",
            "sendfile_max_chunk"}) {
            UNSUPPORTED.put(s, "not supported for static files yet");
        }
        for (String s : new String[] {"rewrite",
            "proxy_intercept_errors", "proxy_next_upstream", "proxy_cookie_domain", "proxy_cookie_path",
            "proxy_ignore_headers", "proxy_pass_request_headers", "proxy_pass_request_body",
            "proxy_buffer_size", "proxy_buffers", "proxy_busy_buffers_size", "client_body_buffer_size",
            "client_body_timeout", "send_timeout", "keepalive_requests", "resolver", "resolver_timeout",
            "log_format", "internal", "satisfy", "real_ip_header", "set_real_ip_from", "ip_hash", "hash",
            "zone", "sticky", "max_conns", "ntlm", "grpc_pass", "fastcgi_pass", "uwsgi_pass", "scgi_pass",
            "stream", "mail", "http2", "ssl", "proxy_ssl_verify", "proxy_ssl_server_name"}) {
            UNSUPPORTED.put(s, "not supported yet");
        }
        for (String s : new String[] {"if", "set", "map", "geo", "split_clients"}) {
            UNSUPPORTED.put(s, "variables and conditions are not supported");
        }
        for (String s : new String[] {"allow", "deny", "auth_basic", "auth_basic_user_file", "auth_request",
            "limit_req", "limit_req_zone", "limit_conn", "limit_conn_zone", "limit_except"}) {
            UNSUPPORTED.put(s, "access control and rate limits are not supported");
        }
    }

    private Directives() {
    }

    private static void mapped(String name, Set<Context> ctx, boolean block, int min, int max) {
        SPECS.put(name, new Spec(name, ctx, block, min, max, Kind.MAPPED));
    }

    private static void noEffect(String name, Set<Context> ctx, boolean block, int min, int max) {
        SPECS.put(name, new Spec(name, ctx, block, min, max, Kind.NO_EFFECT));
    }

    /** Why a {@link Kind#NO_EFFECT} directive has none, as its note says. */
    static String noEffectWhy(String name) {
        return switch (name) {
            case "types" -> "Telltale serves files with nginx's MIME types built in";
            case "user" -> "Telltale runs as the user that starts it";
            case "daemon", "master_process" -> "Telltale runs in the foreground, as one process";
            default -> name.startsWith("worker_") || name.equals("events") || EVENTS.contains(name)
                    ? "Telltale sizes its event loops itself (server.workers)" : "no effect in Telltale";
        };
    }

    /** The spec, also for every {@code worker_*} directive of the main context. */
    static Optional<Spec> spec(String name) {
        Spec s = SPECS.get(name);
        if (s == null && name.startsWith("worker_")) {
            s = new Spec(name, EnumSet.of(Context.MAIN), false, 1, MANY, Kind.NO_EFFECT);
        }
        return Optional.ofNullable(s);
    }

    /** Why a known nginx directive is not supported, or empty when Telltale has never heard of it. */
    static Optional<String> unsupported(String name) {
        String why = UNSUPPORTED.get(name);
        if (why == null && (name.startsWith("ssl_") || name.startsWith("proxy_ssl_"))) {
            why = "TLS is not supported yet";
        } else if (why == null && (name.startsWith("gzip") || name.startsWith("proxy_cache"))) {
            why = "compression and caching are not supported";
        }
        return Optional.ofNullable(why);
    }
}
