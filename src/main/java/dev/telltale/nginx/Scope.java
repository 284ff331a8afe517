package dev.telltale.nginx;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The settings in force at one level ({@code http}, {@code server}, {@code location}), inherited
 * the way nginx merges them: a single-value directive ({@code root}, timeouts, ...) is inherited
 * unless the level sets it; the lists ({@code proxy_set_header}, {@code proxy_hide_header},
 * {@code proxy_redirect}, {@code add_header}, {@code error_page}, {@code index}) are inherited only when the level has
 * none of its own, so one {@code add_header} in a location drops every outer one.
 */
final class Scope {
    /** The directives whose lists a level replaces as a whole. */
    enum ListKind { SET_HEADER, HIDE_HEADER, REDIRECT, ADD_HEADER, ERROR_PAGE, INDEX }

    Directive connect;
    Directive send;
    Directive read;
    Directive tries;
    Directive budget;
    Directive maxBody;
    Directive headerTimeout;
    Directive keepaliveTimeout;
    Directive headerBuffers;
    Directive root;
    Directive defaultType;
    List<Directive> setHeaders = List.of();
    List<Directive> hideHeaders = List.of();
    List<Directive> redirects = List.of();
    List<Directive> addHeaders = List.of();
    List<Directive> errorPages = List.of();
    List<Directive> index = List.of();
    private final Set<ListKind> own = EnumSet.noneOf(ListKind.class);
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
        c.root = root;
        c.defaultType = defaultType;
        c.setHeaders = setHeaders;
        c.hideHeaders = hideHeaders;
        c.redirects = redirects;
        c.addHeaders = addHeaders;
        c.errorPages = errorPages;
        c.index = index;
        return c;
    }

    /** False when this single-value directive was already set at this level (nginx: "is duplicate"). */
    boolean firstAtLevel(String name) {
        return seen.add(name);
    }

    /** Whether this level itself set {@code name}. */
    boolean atLevel(String name) {
        return seen.contains(name);
    }

    /** Adds to this level's own list of {@code kind}, which replaces the inherited one. */
    void add(ListKind kind, Directive d) {
        boolean first = own.add(kind);
        List<Directive> list = first ? new ArrayList<>() : get(kind);
        list.add(d);
        switch (kind) {
            case SET_HEADER -> setHeaders = list;
            case HIDE_HEADER -> hideHeaders = list;
            case REDIRECT -> redirects = list;
            case ADD_HEADER -> addHeaders = list;
            case ERROR_PAGE -> errorPages = list;
            case INDEX -> index = list;
            default -> throw new IllegalStateException(kind.name());
        }
    }

    private List<Directive> get(ListKind kind) {
        return switch (kind) {
            case SET_HEADER -> setHeaders;
            case HIDE_HEADER -> hideHeaders;
            case REDIRECT -> redirects;
            case ADD_HEADER -> addHeaders;
            case ERROR_PAGE -> errorPages;
            case INDEX -> index;
        };
    }
}
