package archfixture.roomcast.adapters.http;

import archfixture.roomcast.adapters.redis.RedisThing;
import archfixture.roomcast.application.service.SomeService;
import io.lettuce.core.RedisClient;
import io.netty.buffer.ByteBuf;
import net.openhft.chronicle.queue.ChronicleQueue;

/** Breaks: an adapter using a service and another adapter, and libraries that belong elsewhere. */
public final class HttpThing {
    public SomeService service;
    public RedisThing redis;
    public ByteBuf buffer;
    public RedisClient lettuce;
    public ChronicleQueue queue;
}
