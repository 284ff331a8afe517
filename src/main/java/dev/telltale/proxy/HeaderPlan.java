package dev.telltale.proxy;

import dev.telltale.config.HeaderAdd;
import dev.telltale.config.HeaderRules;
import dev.telltale.config.LocationRewrite;
import dev.telltale.config.RequestVars;
import dev.telltale.config.Template;
import io.netty.handler.codec.http.HttpHeaders;

import java.util.List;
import java.util.Map;

/**
 * A route's {@link HeaderRules} for one direction, with their values parsed into
 * {@link Template}s once per config load: {@code set}, then {@code remove}, then (responses)
 * {@code add} for the statuses {@link HeaderAdd#appliesTo} names; {@code rewrite_location} for
 * upstream answers ({@link Forwarder#rewriteLocation}). Literal values cost nothing
 * at request time; only rules naming a variable need the request's {@link RequestVars}.
 */
final class HeaderPlan {
    static final HeaderPlan NONE = new HeaderPlan(HeaderRules.NONE);

    private final String[] setNames;
    private final Template[] setValues;
    /** {@code set}'s values when none names a variable: expanding them is then free. */
    private final String[] constantSet;
    private final String[] remove;
    private final HeaderAdd[] add;
    private final Template[] addValues;
    private final LocationRewrite[] rewrites;
    private final boolean empty;
    private final boolean variables;

    private HeaderPlan(HeaderRules rules) {
        int n = rules.set().size();
        setNames = new String[n];
        setValues = new Template[n];
        int i = 0;
        boolean vars = false;
        for (Map.Entry<String, String> e : rules.set().entrySet()) {
            setNames[i] = e.getKey();
            setValues[i] = Template.parse(e.getValue());
            vars |= !setValues[i].constant();
            i++;
        }
        remove = rules.remove().toArray(String[]::new);
        add = rules.add().toArray(HeaderAdd[]::new);
        addValues = new Template[add.length];
        for (int a = 0; a < add.length; a++) {
            addValues[a] = Template.parse(add[a].value());
            vars |= !addValues[a].constant();
        }
        boolean setVars = false;
        for (Template t : setValues) {
            setVars |= !t.constant();
        }
        constantSet = setVars ? null : java.util.Arrays.stream(setValues).map(Template::source).toArray(String[]::new);
        rewrites = rules.rewriteLocation().toArray(LocationRewrite[]::new);
        empty = rules.isEmpty();
        variables = vars;
    }

    static HeaderPlan of(HeaderRules rules) {
        return rules.isEmpty() ? NONE : new HeaderPlan(rules);
    }

    /** Whether a value names a request variable: then {@link RequestVars} must be given. */
    boolean usesVariables() {
        return variables;
    }

    boolean isEmpty() {
        return empty;
    }

    /**
     * {@code set}'s values for this request, to be taken before the headers are rewritten so
     * that {@code $http_x_forwarded_for} reads what the client sent.
     *
     * @param vars the request's variables; may be {@code null} when {@link #usesVariables()} is false
     */
    String[] setValues(RequestVars vars) {
        if (constantSet != null) {
            return constantSet;
        }
        String[] out = new String[setValues.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = setValues[i].expand(vars);
        }
        return out;
    }

    /**
     * {@code set} with values from {@link #setValues}, then {@code remove}. A value that names
     * variables and comes out empty removes the header, as nginx's {@code proxy_set_header} does
     * ({@code X-Tenant: $http_x_tenant_id} without that header sends no X-Tenant); a written empty
     * value still sets it empty.
     */
    void apply(HttpHeaders h, String[] values) {
        for (int i = 0; i < setNames.length; i++) {
            if (values[i].isEmpty() && !setValues[i].constant()) {
                h.remove(setNames[i]);
            } else {
                h.set(setNames[i], values[i]);
            }
        }
        for (String name : remove) {
            h.remove(name);
        }
    }

    /** {@code set}, {@code remove}, then {@code add} as nginx's {@code add_header} for a response of {@code status}. */
    void applyResponse(HttpHeaders h, int status, RequestVars vars) {
        if (empty) {
            return;
        }
        apply(h, setValues(vars));
        for (int i = 0; i < add.length; i++) {
            if (add[i].appliesTo(status)) {
                h.add(add[i].name(), addValues[i].expand(vars));
            }
        }
    }

    /** Whether {@code rewrite_location} has rules: else a response's Location is not even looked at. */
    boolean rewritesLocation() {
        return rewrites.length > 0;
    }

    /**
     * {@code rewrite_location} on a header value whose location starts at {@code offset} (0 for
     * {@code Location}, after {@code url=} for {@code Refresh}): the first rule whose {@code from}
     * starts there, case-sensitively as nginx compares, puts its {@code to} in that place.
     *
     * @return the rewritten value, or {@code null} when no rule applies
     */
    String rewriteLocation(String value, int offset) {
        for (LocationRewrite r : rewrites) {
            if (value.startsWith(r.from(), offset)) {
                return value.substring(0, offset) + r.to() + value.substring(offset + r.from().length());
            }
        }
        return null;
    }

    List<HeaderAdd> adds() {
        return List.of(add);
    }
}
