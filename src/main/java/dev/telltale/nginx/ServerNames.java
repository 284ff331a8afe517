package dev.telltale.nginx;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A server's {@code server_name}s as Telltale {@code match.host} values: exact names,
 * {@code *.example.com}, {@code www.example.*}, {@code .example.com} (both the name and
 * {@code *.example.com}) and {@code ~regex} (PCRE read as a Java regex). {@code ""} and
 * {@code _} are nginx's default-server idioms and match nothing by themselves.
 */
final class ServerNames {
    private ServerNames() {
    }

    static List<String> of(List<Directive> names, NginxConverter.Sink sink) {
        List<String> out = new ArrayList<>();
        for (Directive d : names) {
            for (String raw : d.args()) {
                if (raw.startsWith("~")) {
                    String regex = Regexes.convert(d, raw.substring(1), sink);
                    if (regex != null) {
                        addOnce(out, "~" + regex);
                    }
                    continue;
                }
                String n = raw.toLowerCase(Locale.ROOT);
                int star = n.indexOf('*');
                if (n.isEmpty() || n.equals("_")) {
                    continue;
                } else if (n.indexOf('$') >= 0) {
                    sink.unsupported(d, "server_name " + raw + ": variables in server names are not supported");
                } else if (n.startsWith(".") && n.length() > 1 && star < 0) {
                    addOnce(out, n.substring(1));
                    addOnce(out, "*" + n);
                } else if (star < 0) {
                    addOnce(out, n);
                } else if (n.lastIndexOf('*') != star || !(n.startsWith("*.") && n.length() > 2
                        || n.endsWith(".*") && n.length() > 2)) {
                    sink.error(d, "invalid server name or wildcard \"" + raw + "\"");
                } else {
                    addOnce(out, n);
                }
            }
        }
        return out;
    }

    private static void addOnce(List<String> list, String s) {
        if (!list.contains(s)) {
            list.add(s);
        }
    }
}
