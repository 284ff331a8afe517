package dev.telltale.config;

import java.util.List;
import java.util.Map;

/**
 * A route's header rewrites for one direction: {@code set} (replace or add), then {@code remove},
 * then (responses only) {@code add}, nginx's {@code add_header}, and {@code rewrite_location},
 * nginx's {@code proxy_redirect} (upstream answers only). {@code set} and {@code add} values
 * may name request variables ({@link Template}): {@code X-Real-IP: $remote_addr}.
 */
public record HeaderRules(Map<String, String> set, List<String> remove, List<HeaderAdd> add,
                          List<LocationRewrite> rewriteLocation) {
    public static final HeaderRules NONE = new HeaderRules(Map.of(), List.of(), List.of(), List.of());

    public HeaderRules(Map<String, String> set, List<String> remove) {
        this(set, remove, List.of(), List.of());
    }

    public HeaderRules(Map<String, String> set, List<String> remove, List<HeaderAdd> add) {
        this(set, remove, add, List.of());
    }

    public HeaderRules {
        set = Map.copyOf(Checks.required("set", set));
        remove = List.copyOf(Checks.required("remove", remove));
        add = add == null ? List.of() : List.copyOf(add);
        rewriteLocation = rewriteLocation == null ? List.of() : List.copyOf(rewriteLocation);
        for (Map.Entry<String, String> e : set.entrySet()) {
            Template.parse("set." + e.getKey(), e.getValue());
        }
    }

    public boolean isEmpty() {
        return set.isEmpty() && remove.isEmpty() && add.isEmpty() && rewriteLocation.isEmpty();
    }
}
