package dev.certpilot.jdbc.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TextCodecTest {

    @Test
    void listsAreTerminatedElementsSoEmptyStringsSurvive() {
        assertThat(TextCodec.encodeList(List.of())).isEmpty();
        assertThat(TextCodec.encodeList(List.of(""))).isEqualTo(";");
        assertThat(TextCodec.encodeList(List.of("a", "b"))).isEqualTo("a;b;");
        assertThat(TextCodec.decodeList("")).isEmpty();
        assertThat(TextCodec.decodeList(";")).containsExactly("");
        assertThat(TextCodec.decodeList(";;")).containsExactly("", "");
    }

    @Test
    void mapsAreSortedReadableEntries() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("team", "web");
        m.put("env", "prod");
        assertThat(TextCodec.encodeMap(m)).isEqualTo("env=prod;team=web;");
        Map<String, String> decoded = TextCodec.decodeMap("env=prod;team=web;");
        assertThat(decoded).isEqualTo(Map.of("env", "prod", "team", "web"));
        assertThat(decoded.keySet()).containsExactly("env", "team");
        assertThat(TextCodec.encodeMap(Map.of("", ""))).isEqualTo("=;");
    }

    @Test
    void separatorsPercentNulAndLoneSurrogatesAreEscaped() {
        assertThat(TextCodec.encodeMap(Map.of("a=b;c%", "x\0y"))).isEqualTo("a%3Db%3Bc%25=x%00y;");
        assertThat(TextCodec.encodeList(List.of("\uD800x\uDC00"))).isEqualTo("%uD800x%uDC00;");
        assertThat(TextCodec.escapeText("100% \u00fcber \uD83D\uDE00 = ok;"))
                .isEqualTo("100%25 \u00fcber \uD83D\uDE00 = ok;");
        assertThat(TextCodec.unescapeText("100%25 %00")).isEqualTo("100% \0");
    }

    @Test
    void randomStringsRoundTrip() {
        Random random = new Random(42);
        for (int round = 0; round < 2000; round++) {
            List<String> list = new ArrayList<>();
            Map<String, String> map = new LinkedHashMap<>();
            for (int i = random.nextInt(5); i > 0; i--) {
                list.add(randomString(random));
                map.put(randomString(random), randomString(random));
            }
            assertThat(TextCodec.decodeList(TextCodec.encodeList(list))).isEqualTo(list);
            assertThat(TextCodec.decodeMap(TextCodec.encodeMap(map))).isEqualTo(map);
            String text = randomString(random);
            assertThat(TextCodec.unescapeText(TextCodec.escapeText(text))).isEqualTo(text);
            assertThat(TextCodec.storableVerbatim(TextCodec.encodeList(list))).isTrue();
            assertThat(TextCodec.storableVerbatim(TextCodec.encodeMap(map))).isTrue();
        }
    }

    @Test
    void storableVerbatimRefusesNulAndLoneSurrogatesOnly() {
        assertThat(TextCodec.storableVerbatim("plain \u00fcber \uD83D\uDE00")).isTrue();
        assertThat(TextCodec.storableVerbatim("a\0b")).isFalse();
        assertThat(TextCodec.storableVerbatim("\uD800")).isFalse();
        assertThat(TextCodec.storableVerbatim("x\uDE00")).isFalse();
    }

    @Test
    void malformedInputIsRejected() {
        assertThatThrownBy(() -> TextCodec.decodeList("a")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TextCodec.decodeList("%2;")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TextCodec.decodeList("%ZZ;")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TextCodec.decodeMap("novalue;")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TextCodec.decodeMap("k=1;k=2;")).isInstanceOf(IllegalArgumentException.class);
    }

    /** Any UTF-16 code units, weighted towards the characters the format treats specially. */
    private static String randomString(Random random) {
        String specials = "%;=\0\uD800\uDC00\uD83D\uDE00u";
        StringBuilder s = new StringBuilder();
        for (int i = random.nextInt(12); i > 0; i--) {
            s.append(random.nextInt(3) == 0 ? specials.charAt(random.nextInt(specials.length()))
                    : (char) random.nextInt(0x10000));
        }
        return s.toString();
    }
}
