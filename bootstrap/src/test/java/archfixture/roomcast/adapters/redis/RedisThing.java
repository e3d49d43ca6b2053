package archfixture.roomcast.adapters.redis;

import archfixture.roomcast.adapters.http.HttpThing;
import io.undertow.Undertow;

/** Breaks: depends on the http adapter (a cycle between adapters) and on Undertow. */
public final class RedisThing {
    public HttpThing http;
    public Undertow undertow;
}
