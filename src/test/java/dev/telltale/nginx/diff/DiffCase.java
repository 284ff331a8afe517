package dev.telltale.nginx.diff;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One config of the corpus: {@code NAME.conf}, an nginx config template, and {@code NAME.requests}
 * ({@link DiffRequest}). The template's placeholders are {@code ${LISTEN}} and {@code ${LISTEN2}}
 * (the proxy's ports, different for nginx and Telltale), {@code ${UPSTREAM}} and
 * {@code ${UPSTREAM2}} (the recording upstreams' ports) and {@code ${ROOT}} (the {@link DocRoot}).
 */
record DiffCase(String name, String template, List<DiffRequest> requests) {
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Z0-9]+)}");

    static DiffCase load(Path conf) throws IOException {
        String name = conf.getFileName().toString();
        Path requests = conf.resolveSibling(name.replaceFirst("\\.conf$", ".requests"));
        if (!Files.exists(requests)) {
            throw new IOException(conf + ": no " + requests.getFileName() + " beside it");
        }
        return new DiffCase(name, Files.readString(conf), DiffRequest.parse(Files.readString(requests),
                requests.getFileName().toString()));
    }

    boolean uses(String placeholder) {
        return template.contains("${" + placeholder + "}");
    }

    /** The template with every placeholder filled; an unknown placeholder is an error. */
    String render(Map<String, String> values) {
        Matcher m = PLACEHOLDER.matcher(template);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String v = values.get(m.group(1));
            if (v == null) {
                throw new IllegalArgumentException(name + ": unknown placeholder ${" + m.group(1) + "} (expected: "
                        + values.keySet() + ")");
            }
            m.appendReplacement(sb, Matcher.quoteReplacement(v));
        }
        m.appendTail(sb);
        return sb.toString();
    }
}
