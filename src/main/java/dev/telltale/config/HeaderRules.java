package dev.telltale.config;

import java.util.List;
import java.util.Map;

/** A route's header rewrites for one direction: {@code set} (replace or add), then {@code remove}. */
public record HeaderRules(Map<String, String> set, List<String> remove) {
    public static final HeaderRules NONE = new HeaderRules(Map.of(), List.of());

    public HeaderRules {
        set = Map.copyOf(Checks.required("set", set));
        remove = List.copyOf(Checks.required("remove", remove));
    }

    public boolean isEmpty() {
        return set.isEmpty() && remove.isEmpty();
    }
}
