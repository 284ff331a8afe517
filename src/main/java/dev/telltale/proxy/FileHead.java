package dev.telltale.proxy;

import dev.telltale.files.ByteRange;
import dev.telltale.files.MimeTypes;
import io.netty.handler.codec.DateFormatter;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;

import java.util.Date;

/**
 * How a found file is answered, decided from the request's conditional and range headers as
 * nginx decides: {@code If-None-Match} (the {@code "%x-%x"} ETag of mtime seconds and size, or
 * {@code *}) and {@code If-Modified-Since} (equal to the file's time: nginx's
 * {@code if_modified_since exact}) give 304, both having to agree when both are sent; one
 * {@code Range} gives 206, an unsatisfiable one 416, several the whole file (200);
 * {@code If-Range} that does not name this version turns the range off.
 *
 * @param status 200, 206, 304 or 416
 * @param first  the first byte to send
 * @param length the body length: the file or the range; 0 for 304 and 416 (HEAD sends none either way)
 */
record FileHead(int status, long first, long length, String etag, String lastModified, ByteRange range) {

    static FileHead decide(HttpRequest req, long size, long modifiedMillis, boolean conditionals) {
        long seconds = modifiedMillis / 1000;
        String etag = "\"" + Long.toHexString(seconds) + "-" + Long.toHexString(size) + "\"";
        String lastModified = DateFormatter.format(new Date(seconds * 1000));
        if (!conditionals) {
            return new FileHead(200, 0, size, etag, lastModified, null);
        }
        HttpHeaders h = req.headers();
        String inm = h.get(HttpHeaderNames.IF_NONE_MATCH);
        String ims = h.get(HttpHeaderNames.IF_MODIFIED_SINCE);
        if ((inm != null || ims != null) && (inm == null || etagMatches(inm, etag))
                && (ims == null || sameSecond(ims, seconds))) {
            return new FileHead(304, 0, 0, etag, lastModified, null);
        }
        String ifRange = h.get(HttpHeaderNames.IF_RANGE);
        boolean rangeAllowed = ifRange == null || ifRange.trim().equals(etag) || sameSecond(ifRange, seconds);
        ByteRange r = rangeAllowed ? ByteRange.parse(h.get(HttpHeaderNames.RANGE), size) : null;
        if (r == ByteRange.UNSATISFIABLE) {
            return new FileHead(416, 0, 0, etag, lastModified, r);
        }
        if (r != null) {
            return new FileHead(206, r.first(), r.length(), etag, lastModified, r);
        }
        return new FileHead(200, 0, size, etag, lastModified, null);
    }

    /**
     * Sets the file's own headers (type, validators, length, range) on a response of
     * {@code answered}: {@link #status}, or an error page's status. As nginx: {@code Accept-Ranges}
     * only on a whole 200 (its range filter skips 206 and other statuses), {@code Last-Modified}
     * only on 200, 206 and 304 (its header filter drops it elsewhere); the {@code ETag} stays.
     */
    void apply(HttpHeaders h, String uri, long size, int answered) {
        if (status != 304) {
            h.set(HttpHeaderNames.CONTENT_TYPE, MimeTypes.of(uri));
        }
        if (answered == 200) {
            h.set(HttpHeaderNames.ACCEPT_RANGES, "bytes");
        }
        if (answered == 200 || answered == 206 || answered == 304) {
            h.set(HttpHeaderNames.LAST_MODIFIED, lastModified);
        }
        h.set(HttpHeaderNames.ETAG, etag);
        if (status == 206) {
            h.set(HttpHeaderNames.CONTENT_RANGE, "bytes " + range.first() + "-" + range.last() + "/" + size);
        } else if (status == 416) {
            h.set(HttpHeaderNames.CONTENT_RANGE, "bytes */" + size);
        }
        if (status == 200 || status == 206) {
            h.set(HttpHeaderNames.CONTENT_LENGTH, length);
        }
    }

    private static boolean etagMatches(String header, String etag) {
        for (String candidate : header.split(",")) {
            String c = candidate.trim();
            if (c.startsWith("W/")) {
                c = c.substring(2); // If-None-Match compares weakly
            }
            if (c.equals("*") || c.equals(etag)) {
                return true;
            }
        }
        return false;
    }

    private static boolean sameSecond(String httpDate, long seconds) {
        Date d = DateFormatter.parseHttpDate(httpDate);
        return d != null && d.getTime() / 1000 == seconds;
    }
}
