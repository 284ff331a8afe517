package dev.telltale.nginx;

/**
 * One problem in an nginx config, printed the way nginx prints it:
 * {@code unknown directive "foo" in conf/nginx.conf:12}.
 *
 * @param file    the file, as the user named it or as an include resolved it
 * @param line    1-based line, or 0 when the problem concerns the whole file (then the message names it)
 * @param message what is wrong, without the place
 */
public record NginxError(String file, int line, String message) {

    static NginxError at(Directive d, String message) {
        return new NginxError(d.file(), d.line(), message);
    }

    @Override
    public String toString() {
        return line <= 0 ? message : message + " in " + file + ":" + line;
    }
}
