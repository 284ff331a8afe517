package dev.telltale.config;

import java.util.Arrays;
import java.util.List;

/**
 * The request variables a {@link Template} may name, with nginx's names. {@link #HTTP} stands
 * for the family {@code $http_NAME}: any request header, its name lower-cased with {@code -}
 * written as {@code _}.
 */
public enum Variable {
    /** Host without port, lower case; else the listener's address. */
    HOST("host"),
    /** The Host header as sent. */
    HTTP_HOST("http_host"),
    /** Any request header: {@code $http_user_agent}. */
    HTTP("http_"),
    /** The normalised path: percent-decoded, dot segments resolved, slashes merged; changes on internal redirects. */
    URI("uri"),
    /** The request target as the client sent it, query included. */
    REQUEST_URI("request_uri"),
    /** The query string without {@code ?}, or empty. */
    ARGS("args"),
    /** {@code ?} when there is a query string, else empty. */
    IS_ARGS("is_args"),
    /** Same as {@code $args}. */
    QUERY_STRING("query_string"),
    /** {@code http}. */
    SCHEME("scheme"),
    REMOTE_ADDR("remote_addr"),
    REMOTE_PORT("remote_port"),
    /** The port of the listener that accepted the connection. */
    SERVER_PORT("server_port"),
    /** The address of the listener that accepted the connection. */
    SERVER_ADDR("server_addr"),
    REQUEST_METHOD("request_method"),
    /** The request's {@code X-Request-Id} (kept from the client or generated). */
    REQUEST_ID("request_id"),
    /** The client's {@code X-Forwarded-For} with {@code $remote_addr} appended, or {@code $remote_addr}. */
    PROXY_ADD_X_FORWARDED_FOR("proxy_add_x_forwarded_for");

    /** Every name as written in a config, {@code $http_NAME} included, for error messages. */
    public static final List<String> NAMES = Arrays.stream(values())
            .map(v -> v == HTTP ? "$http_NAME" : "$" + v.varName).toList();

    private final String varName;

    Variable(String varName) {
        this.varName = varName;
    }

    /** The name without {@code $}; {@code http_} for the header family. */
    public String varName() {
        return varName;
    }

    /** The variable called {@code name} (without {@code $}), or {@code null}. */
    public static Variable named(String name) {
        if (name.startsWith(HTTP.varName) && name.length() > HTTP.varName.length() && !name.equals(HTTP_HOST.varName)) {
            return HTTP;
        }
        for (Variable v : values()) {
            if (v != HTTP && v.varName.equals(name)) {
                return v;
            }
        }
        return null;
    }
}
