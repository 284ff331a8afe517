package dev.telltale.proxy;

/** The user event that tells a downstream connection the proxy is shutting down. */
public final class Drain {
    /** Close now when idle, after the current exchange otherwise. */
    public static final Object EVENT = ProxyHandler.DRAIN;

    private Drain() {
    }
}
