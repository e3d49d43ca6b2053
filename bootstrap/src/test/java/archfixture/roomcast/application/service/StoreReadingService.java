package archfixture.roomcast.application.service;

import archfixture.roomcast.application.store.StoreHelper;

/** Breaks: a use case reaches past the store port into the store helpers. */
public final class StoreReadingService {
    public StoreHelper helper;
}
