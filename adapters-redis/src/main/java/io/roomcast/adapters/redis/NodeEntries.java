package io.roomcast.adapters.redis;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.roomcast.application.port.out.NodeInfo;
import java.util.ArrayList;
import java.util.List;

/**
 * A registry entry's JSON, made to be read with {@code redis-cli hgetall live::{#cluster}::nodes}:
 * {@code {"id":"n-3f9c2a","tcp":["10.0.0.5:9443"],"conn":1234,"max":200000,"load":0.42,"draining":false}}.
 * Fields it does not know are ignored, so newer nodes may add some. Stateless.
 */
final class NodeEntries {
    private NodeEntries() {
    }

    static String json(NodeInfo node) {
        JsonObject entry = new JsonObject();
        entry.addProperty("id", node.id());
        JsonArray tcp = new JsonArray();
        node.tcp().forEach(tcp::add);
        entry.add("tcp", tcp);
        entry.addProperty("conn", node.connections());
        entry.addProperty("max", node.maxConnections());
        entry.addProperty("load", Math.round(node.load() * 1000) / 1000.0);
        entry.addProperty("draining", node.draining());
        return entry.toString();
    }

    /** The node in {@code json}; throws {@link IllegalArgumentException} when it is not a valid entry. */
    static NodeInfo parse(String json) {
        try {
            JsonObject e = JsonParser.parseString(json).getAsJsonObject();
            List<String> tcp = new ArrayList<>();
            if (e.has("tcp")) {
                e.getAsJsonArray("tcp").forEach(endpoint -> tcp.add(endpoint.getAsString()));
            }
            return new NodeInfo(e.get("id").getAsString(), tcp, e.get("conn").getAsInt(), e.get("max").getAsInt(),
                    e.get("load").getAsDouble(), e.has("draining") && e.get("draining").getAsBoolean());
        } catch (RuntimeException e) {
            // Gson's parse errors, a missing field (null), a wrong type: all mean the same here.
            throw new IllegalArgumentException("not a node entry: " + json, e);
        }
    }
}
