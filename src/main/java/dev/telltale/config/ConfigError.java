package dev.telltale.config;

/**
 * One problem in a config file, printed as {@code FILE:LINE:COL: message} like a compiler
 * error, so editors and terminals can jump to it.
 *
 * @param file    the config file as the user named it
 * @param line    1-based line, or 0 when the problem concerns the whole file
 * @param column  1-based column, or 0 when the problem concerns the whole file
 * @param message what is wrong, starting with the dotted key path when there is one
 */
public record ConfigError(String file, int line, int column, String message) {

    /** A problem with the file as a whole (unreadable, empty): printed as {@code FILE: message}. */
    public static ConfigError ofFile(String file, String message) {
        return new ConfigError(file, 0, 0, message);
    }

    @Override
    public String toString() {
        return line <= 0 ? file + ": " + message : file + ":" + line + ":" + column + ": " + message;
    }
}
