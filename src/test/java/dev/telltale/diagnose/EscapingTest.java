package dev.telltale.diagnose;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.telltale.diagnose.DetailPolicy.View;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** Hostile uri, host, received bytes and message come out inert in every format. */
class EscapingTest {
    private final ProblemRenderer renderer = new ProblemRenderer();

    @ParameterizedTest
    @EnumSource(Cause.class)
    void html_escapesEveryReflectedValue(Cause cause) {
        Report r = SampleReports.hostile(cause);
        String html = render(r, Format.HTML);
        // CR and LF are inert in HTML text; only markup and NUL matter here
        assertThat(html).doesNotContain("<script>alert", "<img", "\u0000")
                .contains("&lt;script&gt;alert(1)&lt;/script&gt;")
                .contains("&quot;&gt;&lt;img src=x onerror=1&gt;");
        // only the page's own script tag remains
        assertThat(html.split("<script>", -1)).hasSize(2);
    }

    @Test
    void html_receivedBytesAppearInPreEscaped() {
        String html = render(SampleReports.hostile(Cause.MALFORMED), Format.HTML);
        assertThat(html).contains("<pre>&lt;script&gt;alert(1)&lt;/script&gt;&quot;&gt;&lt;img src=x onerror=1&gt;\r\nSet-Cookie: x&#xfffd;&#xfffd;</pre>");
    }

    @ParameterizedTest
    @EnumSource(Cause.class)
    void json_isValidAndRoundTripsHostileValues(Cause cause) throws Exception {
        Report r = SampleReports.hostile(cause);
        JsonNode json = new ObjectMapper().readTree(renderer.render(r, View.FULL, Format.JSON).body());
        assertThat(json.get("received").asText()).isEqualTo(Texts.wellFormed(SampleReports.HOSTILE_RECEIVED))
                .startsWith("<script>alert(1)</script>\"><img src=x onerror=1>\r\nSet-Cookie: x");
        assertThat(json.get("detail").asText()).isEqualTo(r.failure().message());
        assertThat(render(r, Format.JSON)).doesNotContain("\r", "\n");
    }

    @ParameterizedTest
    @EnumSource(Cause.class)
    void text_keepsEveryValueOnItsOwnLine(Cause cause) {
        String text = render(SampleReports.hostile(cause), Format.TEXT);
        assertThat(text).doesNotContain("\r", "\u0000", "\nSet-Cookie");
        assertThat(text).contains("request:      GET evil.test\\r\\nSet-Cookie: x" + SampleReports.HOSTILE_URI)
                .contains("received:     <script>alert(1)</script>\"><img src=x onerror=1>\\r\\nSet-Cookie: x\\x00\uFFFD");
        for (String line : text.split("\n")) {
            assertThat(line).doesNotStartWith("Set-Cookie");
        }
    }

    @Test
    void htmlEscape_coversTextAndAttributeContexts() {
        assertThat(Html.escape("<a href='x' title=\"y\">&</a>"))
                .isEqualTo("&lt;a href=&#39;x&#39; title=&quot;y&quot;&gt;&amp;&lt;/a&gt;");
        assertThat(Html.escape(null)).isEmpty();
        assertThat(Html.escape("a\u0000b\u001bc\ud800")).isEqualTo("a&#xfffd;b&#xfffd;c&#xfffd;");
        assertThat(Html.escape("é ✕ \uD83D\uDE00")).as("beyond Latin-1 as numeric references, whole code points")
                .isEqualTo("é &#x2715; &#x1f600;");
        assertThat(Html.escape("caf\u00e9 \ud83d\ude00")).isEqualTo("caf\u00e9 &#x1f600;");
    }

    private String render(Report r, Format format) {
        return new String(renderer.render(r, View.FULL, format).body(), StandardCharsets.UTF_8);
    }
}
