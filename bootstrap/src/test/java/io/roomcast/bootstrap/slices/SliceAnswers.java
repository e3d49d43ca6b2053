package io.roomcast.bootstrap.slices;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The JSON answers of the slice routes, read into what the tests compare. */
final class SliceAnswers {
    private SliceAnswers() {
    }

    static String headPath(String room) {
        return "/api/v1/rooms/" + room + "/slices";
    }

    static String slicePath(String room, long n) {
        return headPath(room) + "/" + n;
    }

    /** {@code GET .../slices}: the newest closed slice, the slice length, when to ask again, how many states. */
    record Head(long slice, long sliceMs, long pollAfterMs, List<String> stateIds) {
        static Head parse(String json) {
            JsonObject head = JsonParser.parseString(json).getAsJsonObject();
            return new Head(head.get("slice").getAsLong(), head.get("sliceMs").getAsLong(),
                    head.get("pollAfterMs").getAsLong(), idsOf(head, "states"));
        }
    }

    /**
     * {@code GET .../slices/{n}} (200): the delivered messages' ids and positions (millis) in order,
     * the skipped counts by reason, the repair states' ids, and whether it was cut short.
     */
    record Slice(long n, List<String> ids, List<Long> positions, Map<String, Long> skipped, List<String> stateIds,
            boolean truncated) {
        static Slice parse(String json) {
            JsonObject slice = JsonParser.parseString(json).getAsJsonObject();
            List<Long> positions = new ArrayList<>();
            if (slice.has("messages")) {
                for (JsonElement m : slice.getAsJsonArray("messages")) {
                    positions.add(m.getAsJsonObject().get("cursorMillis").getAsLong());
                }
            }
            Map<String, Long> skipped = new TreeMap<>();
            if (slice.has("skipped")) {
                slice.getAsJsonObject("skipped").entrySet().forEach(e -> skipped.put(e.getKey(), e.getValue().getAsLong()));
            }
            return new Slice(slice.get("slice").getAsLong(), idsOf(slice, "messages"), positions, skipped,
                    idsOf(slice, "states"), slice.has("truncated") && slice.get("truncated").getAsBoolean());
        }

        long skippedTotal() {
            return skipped.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    private static List<String> idsOf(JsonObject answer, String field) {
        List<String> ids = new ArrayList<>();
        if (answer.has(field)) {
            answer.getAsJsonArray(field).forEach(m -> ids.add(m.getAsJsonObject().get("id").getAsString()));
        }
        return ids;
    }

    /** The error code of an error answer ({@code {"error":{"code":...}}}). */
    static String errorCode(String json) {
        return JsonParser.parseString(json).getAsJsonObject().getAsJsonObject("error").get("code").getAsString();
    }
}
