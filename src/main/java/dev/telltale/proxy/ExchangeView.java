package dev.telltale.proxy;

import dev.telltale.diagnose.Attempt;
import dev.telltale.diagnose.UpstreamFailure;

import java.util.List;

/** Read-only facts of one exchange, for logs and metrics. Times in milliseconds. */
public interface ExchangeView {
    long startEpochMillis();

    String requestId();

    String client();

    String method();

    String uri();

    String protocol();

    String host();

    String userAgent();

    String referer();

    /** Status sent to the client; 499 when the client went away first. */
    int status();

    long bytesSent();

    long durationMs();

    /** The matched route, described, or {@code null}. */
    String route();

    String upstream();

    List<Attempt> attempts();

    Integer upstreamStatus();

    Long upstreamConnectMs();

    Long upstreamHeaderMs();

    /** The failure that decided the response, or {@code null}. */
    UpstreamFailure failure();
}
