package dev.telltale.admin;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** Writing admin responses: the security headers every response carries, JSON and HTML bodies. */
final class Responses {
    static final String JSON = "application/json";
    static final String CSP = "default-src 'none'; style-src " + Dashboard.STYLE_HASH
            + "; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    private static final JsonFactory JSON_FACTORY = new JsonFactory();

    /** A body written to a generator. */
    interface JsonBody {
        void write(JsonGenerator g) throws IOException;
    }

    private Responses() {
    }

    /**
     * Set on every response before routing, so errors and 404s carry them too: nothing of the
     * admin plane is cached, sniffed into another type, framed, or allowed to load anything
     * but its one hashed inline stylesheet.
     */
    static void securityHeaders(HttpServerExchange ex) {
        ex.getResponseHeaders()
                .put(Headers.CACHE_CONTROL, "no-store")
                .put(HttpString.tryFromString("X-Content-Type-Options"), "nosniff")
                .put(HttpString.tryFromString("Content-Security-Policy"), CSP)
                .put(HttpString.tryFromString("Referrer-Policy"), "no-referrer")
                .put(HttpString.tryFromString("X-Frame-Options"), "DENY");
    }

    static void json(HttpServerExchange ex, int status, JsonBody body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(1024);
        try (JsonGenerator g = JSON_FACTORY.createGenerator(out)) {
            g.useDefaultPrettyPrinter();
            body.write(g);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        out.write('\n');
        send(ex, status, JSON, out.toByteArray());
    }

    /** {@code {"error": code, "message": message}}. */
    static void error(HttpServerExchange ex, int status, String code, String message) {
        json(ex, status, g -> {
            g.writeStartObject();
            g.writeStringField("error", code);
            g.writeStringField("message", message);
            g.writeEndObject();
        });
    }

    static void html(HttpServerExchange ex, String html) {
        send(ex, 200, "text/html; charset=utf-8", html.getBytes(StandardCharsets.UTF_8));
    }

    static void send(HttpServerExchange ex, int status, String contentType, byte[] body) {
        ex.setStatusCode(status);
        ex.getResponseHeaders().put(Headers.CONTENT_TYPE, contentType);
        ex.getResponseSender().send(ByteBuffer.wrap(body));
    }
}
