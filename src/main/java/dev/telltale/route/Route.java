package dev.telltale.route;

import dev.telltale.config.RouteConfig;

/**
 * A matched route.
 *
 * @param index the route's position in {@code routes}, for config key paths ({@code routes.0})
 */
public record Route(int index, RouteConfig config) {
}
