package dev.telltale.diagnose;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TextsTest {

    private static String oneLine(String s) {
        StringBuilder b = new StringBuilder(">");
        Texts.appendOneLine(b, s);
        return b.toString();
    }

    @Test
    void appendOneLine_plainValue_isCopiedAsIs() {
        assertThat(oneLine("GET example.com/a?b=c")).isEqualTo(">GET example.com/a?b=c");
        assertThat(oneLine("")).isEqualTo(">");
        assertThat(oneLine("café — 日本 \uD83D\uDE00")).isEqualTo(">café — 日本 \uD83D\uDE00");
    }

    @Test
    void appendOneLine_controls_areEscapedWhereverTheyStand() {
        assertThat(oneLine("\r\nX-Evil: 1")).isEqualTo(">\\r\\nX-Evil: 1");
        assertThat(oneLine("a\tb\u0000c\u007f")).isEqualTo(">a\\tb\\x00c\\x7f");
        assertThat(oneLine("x\u0085y\u009f")).isEqualTo(">x\\x85y\\x9f");
        assertThat(oneLine("end\n")).isEqualTo(">end\\n");
    }

    @Test
    void appendOneLine_lineSeparatorsAndLoneSurrogates_becomeReplacementCharacters() {
        assertThat(oneLine("a\u2028b\u2029c")).isEqualTo(">a\uFFFDb\uFFFDc");
        assertThat(oneLine("x\uD83Dy")).isEqualTo(">x\uFFFDy");
        assertThat(oneLine("\uDE00z")).isEqualTo(">\uFFFDz");
    }
}
