package dev.telltale.config;

/**
 * The values a {@link Template} expands against, provided by the proxy for one request. May
 * return {@code null} for a value the request does not have (expanded as empty, like nginx).
 */
public interface RequestVars {
    /** The value of any variable but {@link Variable#HTTP}. */
    String value(Variable variable);

    /**
     * A request header's value, as {@code $http_NAME} names it.
     *
     * @param name the header name, lower case, with {@code -} (as converted from {@code NAME})
     */
    String header(String name);
}
