package dev.telltale.proxy;

import dev.telltale.config.ErrorPage;
import dev.telltale.config.RouteConfig;
import dev.telltale.config.StaticConfig;
import dev.telltale.config.Template;
import dev.telltale.files.StaticLookup;

import java.nio.file.Path;
import java.util.List;

/**
 * What a route's config turns into once per load, so no request parses anything: header rules
 * and {@code return}/{@code static} values as {@link Template}s, the {@code static} directory
 * resolved.
 *
 * @param tryFiles  {@code try_files}, every entry (the fallback last); empty when not used
 * @param lookup    the file lookup of a {@code static} route, or {@code null}
 * @param variables whether anything here names a request variable
 */
record RoutePlan(RouteConfig config, HeaderPlan request, HeaderPlan response, Template location, Template body,
                 List<Template> tryFiles, StaticLookup lookup, boolean variables) {

    static RoutePlan of(RouteConfig rc) {
        HeaderPlan request = HeaderPlan.of(rc.requestHeaders());
        HeaderPlan response = HeaderPlan.of(rc.responseHeaders());
        Template location = rc.returns() == null || rc.returns().location() == null ? null
                : Template.parse(rc.returns().location());
        Template body = rc.returns() == null || rc.returns().body() == null ? null : Template.parse(rc.returns().body());
        StaticConfig files = rc.files();
        List<Template> tryFiles = files == null ? List.of() : files.tryFiles().stream().map(Template::parse).toList();
        StaticLookup lookup = null;
        if (files != null) {
            lookup = files.root() != null ? new StaticLookup(Path.of(files.root()), null, files.index())
                    : new StaticLookup(Path.of(files.alias()), rc.path().value(), files.index());
        }
        boolean vars = request.usesVariables() || response.usesVariables()
                || location != null && !location.constant() || body != null && !body.constant()
                || tryFiles.stream().anyMatch(t -> !t.constant());
        return new RoutePlan(rc, request, response, location, body, tryFiles, lookup, vars);
    }

    /** The route's {@code error_pages} entry for {@code status}, or {@code null}. */
    ErrorPage errorPage(int status) {
        for (ErrorPage p : config.errorPages()) {
            if (p.statuses().contains(status)) {
                return p;
            }
        }
        return null;
    }
}
