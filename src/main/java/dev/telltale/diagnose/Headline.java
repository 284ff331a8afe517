package dev.telltale.diagnose;

/**
 * The cause of a failure in one plain sentence: the page's headline. The full sentence names
 * the address; the safe one names nothing an untrusted client should learn.
 */
public final class Headline {
    private Headline() {
    }

    /** The sentence for operators, with the address (or upstream name) filled in. */
    public static String full(Report report) {
        UpstreamFailure f = report.failure();
        String at = report.address() != null ? report.address()
                : report.server() != null ? report.server() : "the upstream";
        String upstream = report.upstreamName() == null ? "the upstream" : "upstream " + report.upstreamName();
        String timeout = f.timeoutMs() == null ? "" : " within " + Texts.duration(f.timeoutMs());
        switch (f.cause()) {
            case REFUSED:
                return "Nothing accepted the connection at " + at + ": no process listens there, or a firewall rejects it.";
            case TIMEOUT:
                switch (f.phase()) {
                    case SEND_REQUEST:
                        return at + " stopped reading the request; a write did not complete" + timeout + ".";
                    case READ_HEADERS:
                        return at + " accepted the request but sent no response" + timeout + ".";
                    case READ_BODY:
                        return at + " stopped sending the response body: nothing arrived" + timeout + ".";
                    default:
                        return "The connection to " + at + " was not established" + timeout + ".";
                }
            case RESET:
                return f.phase() == Phase.READ_BODY
                        ? at + " closed the connection in the middle of the response."
                        : at + " closed the connection before sending a response.";
            case MALFORMED:
                return at + " answered with " + malformedWhat(f) + ".";
            case DNS:
                return "The upstream host name in " + at + " did not resolve.";
            case UNREACHABLE:
                return "There is no route to " + at + ".";
            case TLS:
                return "The TLS handshake with " + at + " failed.";
            case NO_LIVE_UPSTREAM:
                return "Every server of " + upstream + " is marked down, so Telltale tried none of them.";
            case OVERLOADED:
                return "Telltale hit its own limits (connection pool or open files) before contacting " + upstream + ".";
            default:
                throw new AssertionError(f.cause());
        }
    }

    private static String malformedWhat(UpstreamFailure f) {
        if (f.sniffed() != null) {
            switch (f.sniffed()) {
                case "tls": return "TLS, not plain HTTP";
                case "ssh": return "an SSH greeting, not HTTP";
                case "smtp": return "an SMTP greeting, not HTTP";
                case "http2": return "HTTP/2 frames, not HTTP/1.1";
                default: break;
            }
        }
        switch (f.proxyStatus()) {
            case HTTP_RESPONSE_HEADER_SECTION_SIZE: return "a response header section that is too large";
            case HTTP_RESPONSE_TRANSFER_CODING: return "an invalid chunked body";
            case HTTP_RESPONSE_INCOMPLETE: return "a body shorter than its Content-Length";
            default: return "bytes that are not a valid HTTP/1.x response";
        }
    }

    /** The sentence for untrusted clients: what kind of failure, never where. */
    public static String safe(Cause cause) {
        switch (cause) {
            case REFUSED: return "The application behind this site is not accepting connections.";
            case TIMEOUT: return "The application behind this site did not answer in time.";
            case RESET: return "The application behind this site closed the connection before answering.";
            case MALFORMED: return "The application behind this site sent a response the proxy could not understand.";
            case DNS: return "The proxy could not find the application behind this site.";
            case UNREACHABLE: return "The application behind this site cannot be reached.";
            case TLS: return "The proxy could not establish a secure connection to the application behind this site.";
            case NO_LIVE_UPSTREAM: return "No server of the application behind this site is available right now.";
            case OVERLOADED: return "The proxy is overloaded right now.";
            default: throw new AssertionError(cause);
        }
    }
}
