package dev.telltale.diagnose;

import io.netty.channel.ConnectTimeoutException;
import io.netty.channel.unix.Errors;
import io.netty.handler.codec.PrematureChannelClosureException;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.resolver.dns.DnsNameResolverTimeoutException;

import java.io.IOException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.net.BindException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.nio.channels.ClosedChannelException;
import java.util.Objects;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;

/**
 * The only code that looks at exception types. Every upstream failure passes through here once,
 * at the place it happened, and leaves as an {@link UpstreamFailure} value; nothing downstream
 * of this class inspects exceptions or messages again.
 *
 * <p>OS errors are classified by errno where Netty's native transport gives one, by JDK exception
 * type otherwise; message text is consulted only for errors the JDK reports as plain
 * {@code SocketException} (ENETUNREACH on NIO).
 */
public final class FailureClassifier {

    /** Linux errno values we classify; Netty reports them negated. */
    static final int EMFILE = 24, ENFILE = 23, EPIPE = 32, EADDRNOTAVAIL = 99, ENETUNREACH = 101,
            ECONNRESET = 104, ETIMEDOUT = 110, ECONNREFUSED = 111, EHOSTUNREACH = 113;

    /**
     * Netty's epoll transport raises connect errors as a package-private {@code ConnectException}
     * subclass whose errno accessor is not public. Looked up once here (never per request); when
     * unavailable, the JDK exception types below still classify correctly.
     */
    private static final Class<?> NATIVE_CONNECT_EXCEPTION;
    private static final MethodHandle NATIVE_CONNECT_ERRNO;

    static {
        Class<?> type = null;
        MethodHandle errno = null;
        try {
            type = Class.forName("io.netty.channel.unix.Errors$NativeConnectException");
            var method = type.getDeclaredMethod("expectedErr");
            method.setAccessible(true);
            errno = MethodHandles.lookup().unreflect(method).asType(MethodType.methodType(int.class, Object.class));
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            type = null;
            errno = null;
        }
        NATIVE_CONNECT_EXCEPTION = type;
        NATIVE_CONNECT_ERRNO = errno;
    }

    private FailureClassifier() {
    }

    /**
     * Classifies an exception raised by an upstream channel or connect attempt.
     *
     * @param phase    where the attempt was when it failed (derived from the exchange's state)
     * @param address  {@code ip:port} (or {@code host:port} before resolution), for the message
     */
    public static UpstreamFailure classify(Throwable error, Phase phase, String address) {
        Chain chain = new Chain(error);
        if (chain.notSsl) {
            return new UpstreamFailure(Cause.TLS, ProxyStatus.TLS_PROTOCOL_ERROR, Phase.CONNECT, null,
                    "SSL_do_handshake() failed while TLS handshaking with upstream " + address
                            + ": the upstream did not answer in TLS", null, null, null, "http");
        }
        Throwable t = chain.unwrapped;
        if (t instanceof ConnectTimeoutException) {
            return timeout(Phase.CONNECT, address, null, null);
        }
        if (chain.dnsTimeout) {
            return new UpstreamFailure(Cause.DNS, ProxyStatus.DNS_TIMEOUT, Phase.RESOLVE, null,
                    "resolving " + address + " timed out", null, "server.resolver.timeout", null, null);
        }
        if (t instanceof UnknownHostException) {
            return new UpstreamFailure(Cause.DNS, ProxyStatus.DNS_ERROR, Phase.RESOLVE, null,
                    address + " could not be resolved (host not found)", null, null, null, null);
        }
        if (t instanceof TooLongHttpHeaderException || t instanceof TooLongHttpLineException
                || t instanceof TooLongFrameException) {
            return malformed(ProxyStatus.HTTP_RESPONSE_HEADER_SECTION_SIZE, phase,
                    "upstream sent too big header while reading response header from upstream");
        }
        if (t instanceof SSLHandshakeException) {
            boolean cert = chain.certificate
                    || String.valueOf(t.getMessage()).contains("certificate"); // JSSE has no finer type
            return new UpstreamFailure(Cause.TLS, cert ? ProxyStatus.TLS_CERTIFICATE_ERROR
                    : ProxyStatus.TLS_PROTOCOL_ERROR, Phase.CONNECT, null,
                    "SSL_do_handshake() failed while TLS handshaking with upstream " + address + ": "
                            + t.getMessage(), null, null, null, null);
        }
        if (t instanceof SSLException) {
            return new UpstreamFailure(Cause.TLS, ProxyStatus.TLS_ALERT_RECEIVED, phase, null,
                    "TLS error with upstream " + address + ": " + t.getMessage(), null, null, null, null);
        }
        int errno = chain.errno;
        if (errno != 0) {
            return byErrno(errno, phase, address);
        }
        if (t instanceof NoRouteToHostException) {
            return byErrno(EHOSTUNREACH, phase, address);
        }
        if (t instanceof BindException) {
            return byErrno(EADDRNOTAVAIL, phase, address);
        }
        if (t instanceof ConnectException) {
            return byErrno(ECONNREFUSED, phase, address);
        }
        if (t instanceof java.net.SocketException && "Network is unreachable".equals(t.getMessage())) {
            return byErrno(ENETUNREACH, phase, address); // JDK NIO has no type for ENETUNREACH
        }
        if (t instanceof PrematureChannelClosureException || t instanceof ClosedChannelException) {
            return closed(phase, address);
        }
        if (t instanceof IOException && phase == Phase.CONNECT) {
            return new UpstreamFailure(Cause.UNREACHABLE, ProxyStatus.DESTINATION_IP_UNROUTABLE, phase, null,
                    "connect() to " + address + " failed: " + t.getMessage(), null, null, null, null);
        }
        if (t instanceof IOException) {
            return reset(phase, null, address);
        }
        return new UpstreamFailure(Cause.MALFORMED, ProxyStatus.HTTP_PROTOCOL_ERROR, phase, null,
                "upstream sent an invalid response: " + t.getMessage(), null, null, null, null);
    }

    /** The upstream closed the connection cleanly (FIN) at {@code phase}. */
    public static UpstreamFailure closed(Phase phase, String address) {
        if (phase == Phase.READ_BODY) {
            return new UpstreamFailure(Cause.RESET, ProxyStatus.HTTP_RESPONSE_INCOMPLETE, phase, null,
                    "upstream prematurely closed connection while reading upstream " + address, null, null,
                    null, null);
        }
        return new UpstreamFailure(Cause.RESET, ProxyStatus.CONNECTION_TERMINATED, phase, null,
                "upstream prematurely closed connection while reading response header from upstream "
                        + address, null, null, null, null);
    }

    /** The body ended before the declared Content-Length. */
    public static UpstreamFailure shortBody(long declared, long received, String address) {
        return new UpstreamFailure(Cause.MALFORMED, ProxyStatus.HTTP_RESPONSE_INCOMPLETE, Phase.READ_BODY, null,
                "upstream sent " + received + " of " + declared + " body bytes (Content-Length) and closed "
                        + address, null, null, null, null);
    }

    /** A decoder failure of the upstream response: bad status line, header or chunk. */
    public static UpstreamFailure invalidResponse(Throwable decoderCause, Phase phase, boolean chunk,
                                                  String received, String sniffed) {
        Throwable t = unwrap(decoderCause);
        if (t instanceof TooLongHttpHeaderException || t instanceof TooLongHttpLineException
                || t instanceof TooLongFrameException) {
            return new UpstreamFailure(Cause.MALFORMED, ProxyStatus.HTTP_RESPONSE_HEADER_SECTION_SIZE, phase,
                    null, "upstream sent too big header while reading response header from upstream", null,
                    null, received, sniffed);
        }
        if (chunk) {
            return new UpstreamFailure(Cause.MALFORMED, ProxyStatus.HTTP_RESPONSE_TRANSFER_CODING, phase, null,
                    "upstream sent invalid chunked response while reading upstream", null, null, received,
                    sniffed);
        }
        String what = sniffed == null ? "upstream sent no valid HTTP/1.0 header"
                : "upstream answered in " + sniffed + ", not HTTP/1.x";
        return new UpstreamFailure(Cause.MALFORMED, ProxyStatus.HTTP_PROTOCOL_ERROR, phase, null,
                what + " while reading response header from upstream", null, null, received, sniffed);
    }

    /** A connect, send or read timeout fired. */
    public static UpstreamFailure timeout(Phase phase, String address, Long timeoutMs, String timeoutKey) {
        ProxyStatus status = switch (phase) {
            case RESOLVE, CONNECT -> ProxyStatus.CONNECTION_TIMEOUT;
            case SEND_REQUEST -> ProxyStatus.CONNECTION_WRITE_TIMEOUT;
            case READ_HEADERS, READ_BODY -> ProxyStatus.CONNECTION_READ_TIMEOUT;
        };
        String while_ = switch (phase) {
            case RESOLVE, CONNECT -> "while connecting to upstream";
            case SEND_REQUEST -> "while sending request to upstream";
            case READ_HEADERS -> "while reading response header from upstream";
            case READ_BODY -> "while reading upstream";
        };
        return new UpstreamFailure(Cause.TIMEOUT, status, phase == Phase.RESOLVE ? Phase.CONNECT : phase,
                "ETIMEDOUT", "upstream timed out (110: Connection timed out) " + while_ + " " + address,
                timeoutMs, timeoutKey == null ? "timeouts.connect" : timeoutKey, null, null);
    }

    /** Every server of the upstream is marked down. */
    public static UpstreamFailure noLiveUpstream(String upstream) {
        return new UpstreamFailure(Cause.NO_LIVE_UPSTREAM, ProxyStatus.DESTINATION_UNAVAILABLE, Phase.CONNECT,
                null, "no live upstreams while connecting to upstream \"" + upstream + "\"", null, null, null, null);
    }

    /** Every live server is at {@code max_conns} and the wait queue is full or the wait timed out. */
    public static UpstreamFailure connectionLimit(String upstream, boolean waited, long waitedMs) {
        return new UpstreamFailure(Cause.OVERLOADED, ProxyStatus.CONNECTION_LIMIT_REACHED, Phase.CONNECT, null,
                "upstream \"" + upstream + "\": every live server is at max_conns"
                        + (waited ? " and no slot freed within " + waitedMs + " ms (queue.timeout)"
                        : " and the queue is full (queue.size)"), null, waited ? "queue.timeout" : "queue.size",
                null, null);
    }

    /**
     * An RST (or another I/O error) from the upstream: {@code connection_terminated} before the
     * response head, {@code http_response_incomplete} after it.
     */
    private static UpstreamFailure reset(Phase phase, String errno, String address) {
        boolean late = phase == Phase.READ_BODY;
        String sentence = (errno == null ? "recv() failed (104: Connection reset by peer)"
                : "recv() failed (" + describeErrno(errno) + ")")
                + (late ? " while reading upstream " : " while reading response header from upstream ") + address;
        return new UpstreamFailure(Cause.RESET, late ? ProxyStatus.HTTP_RESPONSE_INCOMPLETE
                : ProxyStatus.CONNECTION_TERMINATED, phase, errno == null ? "ECONNRESET" : errno, sentence,
                null, null, null, null);
    }

    private static UpstreamFailure byErrno(int errno, Phase phase, String address) {
        switch (errno) {
            case ECONNREFUSED:
                return refused(address);
            case ETIMEDOUT:
                return timeout(Phase.CONNECT, address, null, null);
            case EHOSTUNREACH:
            case ENETUNREACH:
            case EADDRNOTAVAIL:
                String name = errno == EHOSTUNREACH ? "EHOSTUNREACH" : errno == ENETUNREACH ? "ENETUNREACH"
                        : "EADDRNOTAVAIL";
                return new UpstreamFailure(Cause.UNREACHABLE, ProxyStatus.DESTINATION_IP_UNROUTABLE, Phase.CONNECT,
                        name, "connect() to " + address + " failed (" + describeErrno(name) + ")", null, null,
                        null, null);
            case EMFILE:
            case ENFILE:
                String n = errno == EMFILE ? "EMFILE" : "ENFILE";
                return new UpstreamFailure(Cause.OVERLOADED, ProxyStatus.PROXY_INTERNAL_ERROR, phase, n,
                        "socket() failed (" + describeErrno(n) + ") while connecting to upstream " + address,
                        null, null, null, null);
            case ECONNRESET:
                return reset(phase, "ECONNRESET", address);
            case EPIPE:
                return new UpstreamFailure(Cause.RESET, phase == Phase.READ_BODY
                        ? ProxyStatus.HTTP_RESPONSE_INCOMPLETE : ProxyStatus.CONNECTION_TERMINATED, phase, "EPIPE",
                        "writev() failed (32: Broken pipe) while sending request to upstream " + address, null,
                        null, null, null);
            default:
                return new UpstreamFailure(Cause.RESET, ProxyStatus.CONNECTION_TERMINATED, phase, "E" + errno,
                        "I/O error " + errno + " with upstream " + address, null, null, null, null);
        }
    }

    /**
     * A refused connect to {@code address}. Every refused connect to one address is the same
     * value, so in a 502 storm it is made once and shared, also by the reports kept of it.
     */
    private static UpstreamFailure refused(String address) {
        int hash = Objects.hashCode(address);
        Refused known = REFUSED.get(hash);
        if (known != null && Objects.equals(known.address(), address)) {
            return known.failure();
        }
        UpstreamFailure f = new UpstreamFailure(Cause.REFUSED, ProxyStatus.CONNECTION_REFUSED, Phase.CONNECT,
                "ECONNREFUSED", "connect() to " + address + " failed (111: Connection refused)", null, null, null,
                null);
        REFUSED.put(hash, new Refused(address, f));
        return f;
    }

    private record Refused(String address, UpstreamFailure failure) {
    }

    private static final Memo<Refused> REFUSED = new Memo<>(64);

    /** {@code 111: Connection refused} for {@code ECONNREFUSED}. */
    public static String describeErrno(String errno) {
        return switch (errno) {
            case "ECONNREFUSED" -> "111: Connection refused";
            case "ECONNRESET" -> "104: Connection reset by peer";
            case "EPIPE" -> "32: Broken pipe";
            case "ETIMEDOUT" -> "110: Connection timed out";
            case "EHOSTUNREACH" -> "113: No route to host";
            case "ENETUNREACH" -> "101: Network is unreachable";
            case "EADDRNOTAVAIL" -> "99: Cannot assign requested address";
            case "EMFILE" -> "24: Too many open files";
            case "ENFILE" -> "23: Too many open files in system";
            default -> errno;
        };
    }

    /**
     * What {@link #classify} asks of an exception's cause chain, found in one walk: the chain is
     * read once per failure ({@code Throwable.getCause} is synchronized, and a refused connect
     * comes as Netty's annotated exception around the native one).
     */
    private static final class Chain {
        private static final int MAX_DEPTH = 32; // a cause loop longer than one would never end
        final Throwable unwrapped;
        boolean notSsl;
        boolean dnsTimeout;
        boolean certificate;
        /** The first native exception's errno, positive; 0 when none carries one. */
        int errno;

        Chain(Throwable error) {
            Throwable unwrappedSoFar = error;
            boolean unwrapping = true;
            Throwable c = error;
            for (int depth = 0; c != null && depth < MAX_DEPTH; depth++) {
                Throwable next = c.getCause();
                if (unwrapping) {
                    if ((c instanceof io.netty.handler.codec.DecoderException
                            || c instanceof java.util.concurrent.CompletionException) && next != null) {
                        unwrappedSoFar = next;
                    } else {
                        unwrapping = false;
                    }
                }
                notSsl |= c instanceof io.netty.handler.ssl.NotSslRecordException;
                dnsTimeout |= c instanceof DnsNameResolverTimeoutException;
                certificate |= c instanceof java.security.cert.CertificateException;
                if (errno == 0) {
                    errno = errnoOf(c);
                }
                c = next;
            }
            unwrapped = unwrappedSoFar;
        }
    }

    /** The errno a native exception carries, positive; 0 for any other exception. */
    private static int errnoOf(Throwable c) {
        if (c instanceof Errors.NativeIoException n) {
            return Math.abs(n.expectedErr());
        }
        if (NATIVE_CONNECT_ERRNO != null && NATIVE_CONNECT_EXCEPTION.isInstance(c)) {
            try {
                return Math.abs((int) NATIVE_CONNECT_ERRNO.invokeExact((Object) c));
            } catch (Throwable e) {
                return 0;
            }
        }
        return 0;
    }

    private static Throwable unwrap(Throwable t) {
        Throwable c = t;
        while ((c instanceof io.netty.handler.codec.DecoderException
                || c instanceof java.util.concurrent.CompletionException) && c.getCause() != null) {
            c = c.getCause();
        }
        return c;
    }

    private static UpstreamFailure malformed(ProxyStatus status, Phase phase, String message) {
        return new UpstreamFailure(Cause.MALFORMED, status, phase, null, message, null, null, null, null);
    }
}
