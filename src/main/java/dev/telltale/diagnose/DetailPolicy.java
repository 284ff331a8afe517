package dev.telltale.diagnose;

import dev.telltale.config.Cidr;
import dev.telltale.config.DetailLevel;
import dev.telltale.config.DiagnosticsConfig;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/**
 * Decides how much a diagnostic page tells one client ({@code diagnostics.detail} and
 * {@code diagnostics.trusted}). Immutable and thread-safe: build one per config generation.
 */
public final class DetailPolicy {

    /** What one client gets. */
    public enum View {
        /** Everything: addresses, attempts, timings, config facts, hints, upstream bytes. */
        FULL,
        /** Cause, title, status and request id; nothing that names an address, host or config. */
        SAFE,
        /** A generic page with the request id only. */
        OFF
    }

    private final DetailLevel level;
    private final List<Cidr> trusted;

    public DetailPolicy(DiagnosticsConfig config) {
        this.level = config.detail();
        this.trusted = config.trusted();
    }

    /**
     * The view for a client: {@code full} gives everyone {@link View#FULL}; {@code safe} gives
     * {@link View#FULL} to clients inside a {@code trusted} block and {@link View#SAFE} to the rest;
     * {@code off} gives everyone {@link View#OFF}. An IPv4-mapped IPv6 address ({@code ::ffff:a.b.c.d},
     * what a dual-stack listener reports for IPv4 clients) is matched as its IPv4 address.
     *
     * @param client the downstream peer's address; {@code null} (unknown) is untrusted
     */
    public View viewFor(InetAddress client) {
        switch (level) {
            case FULL:
                return View.FULL;
            case OFF:
                return View.OFF;
            default:
                return isTrusted(client) ? View.FULL : View.SAFE;
        }
    }

    private boolean isTrusted(InetAddress client) {
        if (client == null) {
            return false;
        }
        InetAddress address = unmapIpv4(client);
        for (Cidr cidr : trusted) {
            if (cidr.contains(address)) {
                return true;
            }
        }
        return false;
    }

    /** {@code ::ffff:a.b.c.d} → {@code a.b.c.d}; any other address unchanged. */
    static InetAddress unmapIpv4(InetAddress address) {
        byte[] a = address.getAddress();
        if (a.length != 16 || a[10] != (byte) 0xff || a[11] != (byte) 0xff) {
            return address;
        }
        for (int i = 0; i < 10; i++) {
            if (a[i] != 0) {
                return address;
            }
        }
        try {
            return InetAddress.getByAddress(new byte[] {a[12], a[13], a[14], a[15]});
        } catch (UnknownHostException impossible) { // only thrown for a wrong length
            return address;
        }
    }
}
