package dev.telltale.config;

/**
 * nginx's {@code add_header}: a response header added (not replaced), by default only to
 * 200, 201, 204, 206, 301, 302, 303, 304, 307 and 308 answers; with {@code always} to every answer.
 * The value may name request variables ({@link Template}).
 */
public record HeaderAdd(String name, String value, boolean always) {
    public HeaderAdd {
        Checks.required("name", name);
        Checks.required("value", value);
        Template.parse("value", value);
    }

    /** Whether nginx would add it to an answer with this status. */
    public boolean appliesTo(int status) {
        return always || switch (status) {
            case 200, 201, 204, 206, 301, 302, 303, 304, 307, 308 -> true;
            default -> false;
        };
    }
}
