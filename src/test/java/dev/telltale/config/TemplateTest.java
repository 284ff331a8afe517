package dev.telltale.config;

import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TemplateTest {
    private static final Map<Variable, String> VALUES = new HashMap<>(Map.of(
            Variable.HOST, "example.com", Variable.REQUEST_URI, "/a?b=1", Variable.URI, "/a",
            Variable.REMOTE_ADDR, "10.0.0.1", Variable.ARGS, "b=1"));
    private static final RequestVars VARS = new RequestVars() {
        @Override
        public String value(Variable v) {
            return VALUES.get(v);
        }

        @Override
        public String header(String name) {
            return name.equals("x-forwarded-proto") ? "https" : null;
        }
    };

    @Test
    void variablesAndLiterals_expandInOrder() {
        assertThat(Template.parse("https://$host$request_uri").expand(VARS)).isEqualTo("https://example.com/a?b=1");
        assertThat(Template.parse("${host}x:$uri.").expand(VARS)).isEqualTo("example.comx:/a.");
    }

    @Test
    void httpHeaderVariable_readsTheHeaderLowerCasedWithDashes() {
        Template t = Template.parse("$http_X_Forwarded_Proto|$http_missing|");
        assertThat(t.expand(VARS)).isEqualTo("https||");
    }

    @Test
    void withoutVariables_isConstantAndReturnsTheSameString() {
        String s = "max-age=3600, $ 5 and $";
        Template t = Template.parse(s);
        assertThat(t.constant()).isTrue();
        assertThat(t.expand(null)).isSameAs(s);
    }

    @Test
    void unknownVariable_namesItTheColumnAndTheKnownOnes() {
        assertThatThrownBy(() -> Template.parse("location", "https://$hots/"))
                .hasMessageStartingWith("location: https://$hots/ (expected: a known variable, not $hots at column 9")
                .hasMessageContaining("$host, $http_host, $http_NAME, $uri");
    }

    @Test
    void unclosedBrace_andCaptures_areErrors() {
        assertThatThrownBy(() -> Template.parse("${host")).hasMessageContaining("a closing }");
        assertThatThrownBy(() -> Template.parse("/$1")).hasMessageContaining("regex captures are not supported");
    }

    @Test
    void httpHost_isItsOwnVariable_notTheHeaderFamily() {
        VALUES.put(Variable.HTTP_HOST, "Example.com:8080");
        assertThat(Template.parse("$http_host").expand(VARS)).isEqualTo("Example.com:8080");
    }
}
