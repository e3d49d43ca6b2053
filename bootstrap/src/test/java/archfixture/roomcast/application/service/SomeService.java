package archfixture.roomcast.application.service;

import archfixture.roomcast.adapters.http.HttpThing;
import archfixture.roomcast.domain.LeakyValue;
import com.google.inject.Inject;
import java.util.logging.Logger;

/** Breaks: application depends on an adapter and on Guice; uses java.util.logging. */
public final class SomeService {
    private static final Logger LOG = Logger.getLogger("x");
    public LeakyValue value;
    @Inject
    public HttpThing http;

    public void log() {
        LOG.info("x");
    }
}
