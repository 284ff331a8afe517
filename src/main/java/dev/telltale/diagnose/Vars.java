package dev.telltale.diagnose;

/** The values a {@link Hints} template can name, from the failing address and configured host. */
record Vars(String addr, String ip, String port, String name, String timeout, String key) {

    static Vars of(UpstreamFailure f, String address, String host) {
        String ip = null;
        String port = null;
        if (address != null) {
            int colon = address.lastIndexOf(':');
            if (address.startsWith("[")) {
                int close = address.indexOf(']');
                ip = close > 0 ? address.substring(1, close) : address;
                port = close > 0 && close + 1 < address.length() && address.charAt(close + 1) == ':'
                        ? address.substring(close + 2) : null;
            } else if (colon > 0 && address.indexOf(':') == colon) {
                ip = address.substring(0, colon);
                port = address.substring(colon + 1);
            } else {
                ip = address;
            }
        }
        String addr = address;
        if (ip != null && ip.indexOf(':') >= 0 && !address.startsWith("[")) {
            addr = "[" + ip + "]" + (port == null ? "" : ":" + port); // a bare IPv6 literal
        }
        return new Vars(addr == null ? "the upstream" : addr, ip == null ? "the upstream host" : ip,
                port == null || port.isEmpty() ? "PORT" : port, host != null ? host : ip == null ? "the upstream host" : ip,
                f.timeoutMs() == null ? "its timeout" : Texts.duration(f.timeoutMs()),
                f.timeoutKey() == null ? "the timeout" : f.timeoutKey());
    }

    boolean loopback() {
        return ip.startsWith("127.") || ip.equals("::1") || ip.equals("0:0:0:0:0:0:0:1");
    }

    /** {@code name:port}, bracketing an IPv6 literal. */
    String hostport() {
        String h = name.indexOf(':') >= 0 ? "[" + name + "]" : name;
        return h + ":" + port;
    }

    String expand(String template) {
        StringBuilder b = new StringBuilder(template.length() + 64);
        int i = 0;
        while (i < template.length()) {
            int open = template.indexOf('{', i);
            int close = open < 0 ? -1 : template.indexOf('}', open);
            if (close < 0) {
                b.append(template, i, template.length());
                break;
            }
            b.append(template, i, open);
            b.append(value(template, open + 1, close));
            i = close + 1;
        }
        return b.toString();
    }

    private static final String[] NAMES = {"addr", "ip", "port", "name", "hostport", "timeout", "key"};

    /** The value of the variable named by {@code template[from, to)}, found without a substring. */
    private String value(String template, int from, int to) {
        int len = to - from;
        for (int k = 0; k < NAMES.length; k++) {
            String n = NAMES[k];
            if (n.length() == len && template.startsWith(n, from)) {
                switch (k) {
                    case 0: return addr;
                    case 1: return ip;
                    case 2: return port;
                    case 3: return name;
                    case 4: return hostport();
                    case 5: return timeout;
                    default: return key;
                }
            }
        }
        throw new IllegalArgumentException("unknown hint variable {" + template.substring(from, to) + "}");
    }
}
