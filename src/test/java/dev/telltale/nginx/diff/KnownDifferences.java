package dev.telltale.nginx.diff;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Every way Telltale is allowed to differ from nginx in the differential tests, in one place,
 * each with its reason. Anything not listed here is compared and must be equal. Fields are named
 * as failure messages name them: {@code status}, {@code body}, {@code header.NAME} for what the
 * client got, {@code upstream.count}, {@code upstream[i].target}, {@code upstream[i].header.NAME},
 * ... for what reached the upstream.
 */
final class KnownDifferences {

    /** Response headers that are each proxy's own business: never compared. */
    static final Map<String, String> IGNORED_RESPONSE_HEADERS = Map.of(
            "server", "each proxy names itself (nginx/1.x vs none or telltale)",
            "date", "the clock moves between the two requests",
            "connection", "connection management is each proxy's own (the client asks to close)",
            "keep-alive", "connection management is each proxy's own",
            "transfer-encoding", "framing: nginx and Telltale may frame the same body differently; the body "
                    + "itself is compared");

    /** Headers on the way to the upstream that are framing or connection management: never compared. */
    static final Map<String, String> IGNORED_UPSTREAM_HEADERS = Map.of(
            "connection", "nginx speaks HTTP/1.0 with Connection: close to upstreams; Telltale pools HTTP/1.1",
            "keep-alive", "connection management",
            "transfer-encoding", "framing: the body is compared by length and hash instead",
            "content-length", "framing: the body is compared by length and hash instead");

    /**
     * Headers Telltale always sets upstream (DESIGN §3) that nginx sets only when configured:
     * compared when nginx made them (its value is not just the client's passed on), so a
     * configured {@code proxy_set_header X-Real-IP $remote_addr} must agree; otherwise Telltale
     * may set its own (checked present by {@code Comparison}), also over a client's
     * {@code X-Forwarded-Proto} or {@code X-Real-IP}, which nginx passes on unchecked.
     */
    static final Set<String> TELLTALE_ADDS_UPSTREAM = Set.of("x-forwarded-for", "x-forwarded-proto",
            "x-forwarded-host", "x-real-ip", "x-request-id");

    /**
     * Headers Telltale adds to responses: {@code X-Request-Id} on every answer (checked present),
     * {@code Proxy-Status} on its own error answers. Compared only if nginx sends them.
     */
    static final Set<String> TELLTALE_ADDS_RESPONSE = Set.of("x-request-id", "proxy-status");

    /**
     * nginx's built-in error and redirect pages end with this. Telltale answers the same status
     * with its own page (the diagnostic page for 502/504, with {@code Cache-Control: no-store}
     * and {@code nosniff}), so for an answer that is nginx's own page (the mark in the body, or
     * a HEAD answered {@code >= 300} without the upstream) only the status and the other headers
     * are compared.
     */
    static final String NGINX_PAGE_MARK = "<hr><center>nginx";
    static final Set<String> OWN_PAGE_FIELDS = Set.of("body", "header.content-type", "header.content-length",
            "header.cache-control", "header.x-content-type-options");

    /**
     * A difference expected for one config, and why. {@code request} is the start of the
     * request's description ({@code "POST /api/form +5000B"}) or {@code *}; {@code field} a field
     * name, {@code *}, or {@link #PAGE} (the client's body and headers, not its status). An entry
     * that no longer matches any difference fails its config, so the list cannot go stale.
     */
    record Known(String config, String request, String field, String reason) {
        /** The answer's body and headers: the status is still compared. */
        static final String PAGE = "body+headers";

        boolean matches(String cfg, DiffRequest r, String f) {
            return config.equals(cfg) && (request.equals("*") || r.describe().startsWith(request))
                    && (field.equals("*") || field.equals(f)
                    || field.equals(PAGE) && (f.equals("body") || f.startsWith("header.")));
        }
    }

    static final List<Known> PER_CASE = List.of(
            new Known("upstream-block.conf", "*", "upstream[0].header.host", "proxy_pass http://NAME without "
                    + "proxy_set_header Host: nginx sends Host: NAME, Telltale the server's host:port (the "
                    + "converter notes it as approximated)"),
            new Known("host-header-variants.conf", "GET /host/b", "upstream[0].header.host", "proxy_set_header "
                    + "Host $host: nginx lower-cases and drops the port, Telltale passes the client's Host as "
                    + "received (noted as approximated)"),
            new Known("proxy-set-header-vars.conf", "POST /upload", "upstream[0].header.host", "proxy_set_header "
                    + "Host $host: nginx lower-cases and drops the port, Telltale passes the client's Host as "
                    + "received (noted as approximated)"),
            new Known("error-page.conf", "GET /down/x", Known.PAGE, "an upstream failure (the server is down): "
                    + "Telltale answers its diagnostic 502 with Proxy-Status (DESIGN), not error_page 50x's page; "
                    + "the status agrees (noted by the converter)"),
            new Known("client-max-body-size-per-location.conf", "POST /api/form +5000B", "*",
                    "client_max_body_size per location: Telltale has one limit, the largest (64k), so a 5000-byte "
                    + "body nginx refuses at / passes (noted as approximated)"),
            new Known("large-headers.conf", "GET /too-large-cookie", "*", "large_client_header_buffers 4 2k: "
                    + "Telltale limits the whole head to 4 x 2k, not each line to 2k (noted as approximated)"),
            new Known("large-headers.conf", "GET /pppp", "*", "large_client_header_buffers 4 2k: a 2.5k request "
                    + "line fits Telltale's 8k head limit; nginx answers 414 (noted as approximated)"),
            new Known("large-headers.conf", "GET /five-big-headers", "status", "a head over the limit: Telltale "
                    + "answers 431 (DESIGN: max_header_bytes), nginx 400 Request Header Or Cookie Too Large"));

    private KnownDifferences() {
    }

    /** Whether nginx's answer is one of its built-in pages rather than the upstream's or a file. */
    static boolean nginxOwnPage(DiffRequest request, Observed nginx) {
        if (nginx.header("x-upstream") != null) {
            return false;
        }
        return new String(nginx.body(), StandardCharsets.ISO_8859_1).contains(NGINX_PAGE_MARK)
                || request.head() && nginx.status() >= 300;
    }

    /** The per-case entry that explains {@code field} differing, if any. */
    static Optional<Known> known(String config, DiffRequest request, String field) {
        return PER_CASE.stream().filter(k -> k.matches(config, request, field)).findFirst();
    }
}
