package dev.telltale.nginx;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The settings in force at one level ({@code http}, {@code server}, {@code location}), inherited
 * the way nginx merges them: a single-value directive is inherited unless the level sets it;
 * {@code proxy_set_header} and {@code proxy_hide_header} lists are inherited only when the level
 * has none of its own.
 */
final class Scope {
    Directive connect;
    Directive send;
    Directive read;
    Directive tries;
    Directive budget;
    Directive maxBody;
    Directive headerTimeout;
    Directive keepaliveTimeout;
    Directive headerBuffers;
    List<Directive> setHeaders = List.of();
    List<Directive> hideHeaders = List.of();
    private boolean ownSet;
    private boolean ownHide;
    private final Set<String> seen = new HashSet<>();

    Scope child() {
        Scope c = new Scope();
        c.connect = connect;
        c.send = send;
        c.read = read;
        c.tries = tries;
        c.budget = budget;
        c.maxBody = maxBody;
        c.headerTimeout = headerTimeout;
        c.keepaliveTimeout = keepaliveTimeout;
        c.headerBuffers = headerBuffers;
        c.setHeaders = setHeaders;
        c.hideHeaders = hideHeaders;
        return c;
    }

    /** False when this single-value directive was already set at this level (nginx: "is duplicate"). */
    boolean firstAtLevel(String name) {
        return seen.add(name);
    }

    void addSetHeader(Directive d) {
        if (!ownSet) {
            setHeaders = new ArrayList<>();
            ownSet = true;
        }
        setHeaders.add(d);
    }

    void addHideHeader(Directive d) {
        if (!ownHide) {
            hideHeaders = new ArrayList<>();
            ownHide = true;
        }
        hideHeaders.add(d);
    }
}
