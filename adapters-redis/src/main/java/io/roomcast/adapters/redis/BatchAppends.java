package io.roomcast.adapters.redis;

import io.roomcast.application.port.out.AppendResult;
import io.roomcast.application.port.out.MessageStore;
import io.roomcast.application.port.out.PartialBatchException;
import io.roomcast.domain.error.ErrorCode;
import io.roomcast.domain.error.RoomcastException;
import io.roomcast.domain.message.Message;
import io.roomcast.domain.message.Scope;
import io.roomcast.domain.policy.AdmissionPolicy;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Future;

/**
 * {@link MessageStore#appendAll} on Redis: one {@code append.lua} call per family (a room, or the
 * platform for broadcasts and unicast), the families' calls pipelined on the one shared connection
 * (on a Redis Cluster each goes to its slot's master), answers put back in batch order.
 *
 * <p>Rounds: the batch goes to Redis in rounds, each the longest stretch of it in which every
 * family's messages follow each other (a family that comes back after another one's message starts
 * the next round). A round's calls go out together; the next round goes once every call of this one
 * has answered. So a batch grouped by room is one round, one call per room, one round trip.
 *
 * <p>Failure part way: a family's call stops at its first failing message (the script's own
 * reply) or fails whole (Redis unreachable, no answer in time). The batch fails at the first failed
 * message in batch order: every message before it is reported (stored, duplicate or refused), the
 * failing family stores nothing after it and no later round is sent. The other families of the
 * same round were sent with it, so their messages after the failure may be stored although not
 * reported, as a publish that timed out may be (DECISIONS.md). Thread-safe.
 */
final class BatchAppends {
    private final AppendScript script;

    BatchAppends(AppendScript script) {
        this.script = script;
    }

    /** Stores {@code batch} (checked unstored) as {@link MessageStore#appendAll} does; {@code policy} may be null. */
    List<AppendResult> appendAll(List<Message> batch, AdmissionPolicy policy) {
        AppendResult[] results = new AppendResult[batch.size()];
        for (int from = 0; from < batch.size(); ) {
            int to = roundEnd(batch, from);
            round(batch, from, to, policy, results);
            from = to;
        }
        return Arrays.asList(results);
    }

    /** Where the round starting at {@code from} ends: before the first message whose family came before, then gave way to another. */
    static int roundEnd(List<Message> batch, int from) {
        Set<String> seen = new HashSet<>();
        String last = null;
        for (int i = from; i < batch.size(); i++) {
            String family = RedisKeys.tag(RedisKeys.familyRoom(batch.get(i)));
            if (!family.equals(last) && !seen.add(family)) {
                return i;
            }
            last = family;
        }
        return batch.size();
    }

    /** Sends {@code batch[from, to)}, one call per family, all at once, and fills in their results. */
    private void round(List<Message> batch, int from, int to, AdmissionPolicy policy, AppendResult[] results) {
        Map<String, List<Integer>> families = new LinkedHashMap<>();
        for (int i = from; i < to; i++) {
            families.computeIfAbsent(RedisKeys.tag(RedisKeys.familyRoom(batch.get(i))), f -> new ArrayList<>()).add(i);
        }
        List<AppendScript.Call> calls = new ArrayList<>(families.size());
        List<Future<List<Object>>> started = new ArrayList<>(families.size());
        for (List<Integer> members : families.values()) {
            AppendScript.Call call = script.new Call();
            for (int i : members) {
                Message message = batch.get(i);
                call.add(message, message.scope() == Scope.ROOM ? policy : null);
            }
            calls.add(call);
            started.add(call.start());
        }
        int failedAt = to;
        RoomcastException failure = null;
        int next = 0;
        for (List<Integer> members : families.values()) {
            AppendScript.Call call = calls.get(next);
            Future<List<Object>> answer = started.get(next++);
            int at = members.get(0);
            try {
                List<Object> replies = call.await(answer);
                for (int j = 0; j < members.size(); j++) {
                    at = members.get(j);
                    if (j == replies.size()) {
                        throw new RoomcastException(ErrorCode.INTERNAL, "append.lua answered " + replies.size()
                                + " of " + members.size() + " messages without a failure");
                    }
                    results[at] = script.result(batch.get(at), replies.get(j));
                }
            } catch (RoomcastException e) {
                // Every call is awaited, so that all that went before the first failure is known.
                if (at < failedAt) {
                    failedAt = at;
                    failure = e;
                }
            }
        }
        if (failure != null) {
            throw new PartialBatchException(Arrays.asList(results).subList(0, failedAt), failure);
        }
    }
}
