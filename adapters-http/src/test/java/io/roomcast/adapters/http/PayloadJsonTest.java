package io.roomcast.adapters.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ListValue;
import com.google.protobuf.NullValue;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import io.roomcast.domain.error.RoomcastException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class PayloadJsonTest {
    private static String json(Value v) {
        return new String(PayloadJson.write(v), StandardCharsets.UTF_8);
    }

    private static Value number(double d) {
        return Value.newBuilder().setNumberValue(d).build();
    }

    private static Value string(String s) {
        return Value.newBuilder().setStringValue(s).build();
    }

    @Test
    void wholeNumbersHaveNoFraction_othersKeepIt() {
        assertThat(json(number(7))).isEqualTo("7");
        assertThat(json(number(-3))).isEqualTo("-3");
        assertThat(json(number(0.5))).isEqualTo("0.5");
        assertThat(json(number(1e300))).isEqualTo("1.0E300");
        assertThat(json(number(9_007_199_254_740_991.0))).isEqualTo("9007199254740991");
    }

    @Test
    void nestedValues_areCompactJson() {
        Value v = Value.newBuilder().setStructValue(Struct.newBuilder()
                .putFields("gift", string("rocket"))
                .putFields("tags", Value.newBuilder().setListValue(ListValue.newBuilder()
                        .addValues(Value.newBuilder().setBoolValue(true))
                        .addValues(Value.newBuilder().setNullValue(NullValue.NULL_VALUE))).build()))
                .build();

        assertThat(json(v)).isEqualTo("{\"gift\":\"rocket\",\"tags\":[true,null]}");
    }

    @Test
    void strings_areEscaped() {
        assertThat(json(string("a\"b\\c\n\u0001\u2028é<"))).isEqualTo("\"a\\\"b\\\\c\\n\\u0001\\u2028é<\"");
    }

    @Test
    void nonFiniteNumbersAndKindlessValues_areRefused() {
        assertThatThrownBy(() -> json(number(Double.NaN))).isInstanceOf(RoomcastException.class).hasMessageContaining("payload");
        assertThatThrownBy(() -> json(Value.getDefaultInstance())).isInstanceOf(RoomcastException.class);
    }
}
