package dev.telltale.proxy;

import io.netty.handler.codec.http.HttpResponseStatus;

/**
 * The small HTML page nginx sends for a status it answers itself without a body of its own
 * (404, 403, 301 and so on), in nginx's layout with {@code telltale} in place of {@code nginx}.
 * Latin-1 text, no reflected input.
 */
final class StandardPages {
    static final String CONTENT_TYPE = "text/html";

    private StandardPages() {
    }

    static String html(int status) {
        String title = status + " " + HttpResponseStatus.valueOf(status).reasonPhrase();
        return "<html>\r\n<head><title>" + title + "</title></head>\r\n<body>\r\n<center><h1>" + title
                + "</h1></center>\r\n<hr><center>telltale</center>\r\n</body>\r\n</html>\r\n";
    }
}
