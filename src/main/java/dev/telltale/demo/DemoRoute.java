package dev.telltale.demo;

import java.time.Duration;

/**
 * One route of the demo: a path on the proxy, the upstream behind it, and the failure it shows.
 *
 * @param path           the route's {@code path_prefix}, e.g. {@code /refused/}; {@code /} for the healthy app
 * @param upstreamUrl    the upstream server URL, e.g. {@code http://127.0.0.1:41234}
 * @param cause          the {@code Cause} wire name a request on this route should report
 *                       ({@code refused}, {@code timeout}, …), or {@value #NONE} for the healthy app
 * @param what           one line saying what the upstream does
 * @param connectTimeout the route's connect timeout override, or {@code null} to inherit
 * @param readTimeout    the route's read timeout override, or {@code null} to inherit
 */
public record DemoRoute(String path, String upstreamUrl, String cause, String what, Duration connectTimeout,
                        Duration readTimeout) {
    /** The {@link #cause()} of the healthy app's route. */
    public static final String NONE = "none";

    public DemoRoute(String path, String upstreamUrl, String cause, String what) {
        this(path, upstreamUrl, cause, what, null, null);
    }
}
