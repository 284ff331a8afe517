package dev.telltale.config;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** An address block such as {@code 127.0.0.0/8} or {@code ::1/128}; matching is by address family. */
public record Cidr(byte[] network, int prefixLength, String text) {
    private static final java.util.regex.Pattern IPV4 =
            java.util.regex.Pattern.compile("\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}");
    private static final java.util.regex.Pattern IPV6 = java.util.regex.Pattern.compile("[0-9A-Fa-f:.]+");

    public static Cidr parse(String text) {
        String s = text.trim();
        int slash = s.indexOf('/');
        String addr = slash < 0 ? s : s.substring(0, slash);
        // Only strict literals reach InetAddress: it would otherwise look names up ("1password.com")
        // and read legacy short forms, so "10.1/16" would silently mean 10.0.0.1/16.
        if (!(IPV4.matcher(addr).matches() || addr.indexOf(':') >= 0 && IPV6.matcher(addr).matches())) {
            throw new IllegalArgumentException(text + " (expected: an address block such as 10.0.0.0/8 or ::1/128)");
        }
        byte[] bytes;
        try {
            bytes = InetAddress.getByName(addr).getAddress(); // literal only: checked above, no lookup
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(text + " (expected: an address block such as 10.0.0.0/8 or ::1/128)");
        }
        int max = bytes.length * 8;
        int prefix;
        try {
            prefix = slash < 0 ? max : Integer.parseInt(s.substring(slash + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(text + " (expected: a prefix length after /)");
        }
        if (prefix < 0 || prefix > max) {
            throw new IllegalArgumentException(text + " (expected: a prefix length 0.." + max + ")");
        }
        return new Cidr(bytes, prefix, s);
    }

    public boolean contains(InetAddress address) {
        byte[] a = address.getAddress();
        if (a.length != network.length) {
            return false;
        }
        int full = prefixLength / 8;
        for (int i = 0; i < full; i++) {
            if (a[i] != network[i]) {
                return false;
            }
        }
        int rest = prefixLength % 8;
        if (rest == 0) {
            return true;
        }
        int mask = (0xff << (8 - rest)) & 0xff;
        return (a[full] & mask) == (network[full] & mask);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Cidr c && c.text.equals(text);
    }

    @Override
    public int hashCode() {
        return text.hashCode();
    }

    @Override
    public String toString() {
        return text;
    }
}
